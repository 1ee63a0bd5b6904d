// LedgerService: moving a row through its type's workflow with the fields
// and evidence the move asks for, the row's history and its files.
#include <algorithm>
#include <set>

#include "app/audit.h"
#include "app/ledger_fields.h"
#include "app/ledger_service.h"
#include "app/ledger_views.h"
#include "app/record_files.h"
#include "app/workflow_records.h"
#include "core/ledgers.h"
#include "core/text.h"
#include "core/workflows.h"
#include "store/ledger_rows_repo.h"
#include "store/record_files_repo.h"

namespace lantian::app {
namespace {

constexpr int64_t kMaxFilesPerRow = 200;
constexpr size_t kMaxFilesPerMove = 20;

// A refusal naming a missing field names it as the API does ("fields.x").
Error field_path(Error e, const LedgerType& t) {
  for (auto& f : e.fields)
    if (t.field(f.field)) f.field = "fields." + f.field;
  return e;
}

}  // namespace

Result<LedgerRowDetail> LedgerService::act(const Actor& a, int64_t id, const LedgerActionInput& in) {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  std::string note = trim(in.note);
  if (auto m = check_text(note, 1000, false, true)) return Error::field("note", *m);
  if (in.files.size() > kMaxFilesPerMove)
    return Error::field("files", issue("too_many", {{"max", std::to_string(kMaxFilesPerMove)}}));
  std::string now = format_utc(clock_.now());
  LedgerRowDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, id));
    const LedgerType& t = *ledger_types().find(cur.ledger_type);
    const WorkflowDef& wf = *workflows().find(t.workflow);
    if (cur.version != in.version)
      return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
    LT_ASSIGN(auto lead, lead_path(tx, t));
    // The values given with the move, over the stored ones.
    LedgerRow next = cur;
    if (!in.fields.empty()) {
      LedgerRowInput values;
      values.fields = in.fields;
      LT_TRY(apply_input(tx, a, t, values, false, next));
    }
    LT_ASSIGN(auto stored, decode_ledger_fields(t, next.fields));
    // The files filed with the move: the row's own, not yet used by a move.
    std::set<int64_t> seen;
    ActionCheck c;
    for (int64_t fid : in.files) {
      if (!seen.insert(fid).second)
        return Error::field("files", issue("duplicate_entry", {{"value", std::to_string(fid)}}));
      LT_ASSIGN(auto f, store::record_files::get(tx, fid));
      if (!f || f->record_kind != kLedgerRowRecord || f->record_id != id || f->event_id)
        return Error::field("files", issue("evidence_not_of_record", {{"id", std::to_string(fid)}}));
      c.evidence.insert(f->kind);
    }
    c.state = cur.status;
    c.parties = parties_of(a, cur, lead);
    c.has_note = !note.empty();
    for (const auto& [name, v] : stored)
      if (!std::holds_alternative<std::monostate>(v)) c.fields.insert(name);
    // Guards hold on the values as they will be, those given with the move included.
    c.guards_met = ledger_guards_met(wf, stored);
    auto checked = check_workflow_action(wf, in.action, c);
    if (!checked.ok()) return field_path(checked.take_error(), t);
    const WorkflowTransition* tr = *checked;
    if (next.fields != cur.fields) {
      LT_ASSIGN(bool ok, store::ledger_rows::update(tx, next, ledger_filter_values(t, stored), now));
      if (!ok) return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
      ++next.version;
    }
    LT_ASSIGN(bool moved, store::ledger_rows::set_status(tx, id, next.version, tr->to, now));
    if (!moved) return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
    std::string evidence = "[";
    for (size_t i = 0; i < in.files.size(); ++i) evidence += (i ? "," : "") + std::to_string(in.files[i]);
    evidence += "]";
    LT_ASSIGN(int64_t event, record_workflow_event(tx, a, kLedgerRowRecord, id, tr->name, cur.status, tr->to,
                                                   note, now, evidence));
    LT_TRY(store::record_files::set_event(tx, in.files, event));
    LT_ASSIGN(out, detail_in(tx, a, id));
    LT_TRY(record_audit(tx, a, tr->name, std::string(kLedgerRowRecord), std::to_string(id),
                        ledger_row_audit_view(t, cur), ledger_row_audit_view(t, out.row), now));
    LT_TRY(recount(tx, a, t, {{id, out.row.title, out.row.unit_path}}, now));
    return {};
  }));
  return out;
}

Result<std::vector<store::workflow_events::Event>> LedgerService::events(const Actor& a, int64_t id) {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  std::vector<store::workflow_events::Event> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_TRY(load_visible(tx, a, id));
    LT_ASSIGN(out, store::workflow_events::for_record(tx, std::string(kLedgerRowRecord), id));
    return {};
  }));
  return out;
}

Result<RecordFile> LedgerService::attach(const Actor& a, int64_t row_id, const AttachmentUpload& file) {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  // Any party of the row may file on it.
  return file_on_record(
      db_, evidence_, clock_, a, {kLedgerRowRecord, row_id, kMaxFilesPerRow, ""}, file,
      [&](store::Tx& tx) -> Status {
        LT_ASSIGN(auto r, load_visible(tx, a, row_id));
        const LedgerType& t = *ledger_types().find(r.ledger_type);
        LT_ASSIGN(auto lead, lead_path(tx, t));
        if (!parties_of(a, r, lead))
          return Error::make("not_a_party", {{"action", "attach"}, {"workflow", t.workflow}});
        return {};
      });
}

Result<std::pair<RecordFile, std::string>> LedgerService::file(const Actor& a, int64_t file_id,
                                                               bool thumbnail) {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  return read_record_file(db_, evidence_, kLedgerRowRecord, file_id, thumbnail,
                          [&](store::Tx& tx, int64_t row_id) -> Status {
                            LT_TRY(load_visible(tx, a, row_id));
                            return {};
                          });
}

}  // namespace lantian::app
