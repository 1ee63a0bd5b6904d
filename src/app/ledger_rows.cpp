// LedgerService: who is a party to a row, reading, listing, registering and
// editing rows.
#include <algorithm>
#include <set>

#include "app/audit.h"
#include "app/ledger_fields.h"
#include "app/ledger_service.h"
#include "app/ledger_views.h"
#include "app/workflow_records.h"
#include "core/ledgers.h"
#include "core/text.h"
#include "core/workflows.h"
#include "store/campaigns_repo.h"
#include "store/ledger_rows_repo.h"
#include "store/record_files_repo.h"
#include "store/units_repo.h"

namespace lantian::app {
namespace {

bool is_prefix(const std::string& prefix, const std::string& path) {
  return !prefix.empty() && path.rfind(prefix, 0) == 0;
}
bool is_office(const Actor& a) { return a.can("campaigns.write") && a.grant.scope == Scope::all; }

const WorkflowDef& workflow_of(const LedgerType& t) {
  // The type was validated against the installed workflows (core/ledgers.h).
  return *workflows().find(t.workflow);
}

}  // namespace

unsigned LedgerService::parties_of(const Actor& a, const LedgerRow& r, const std::string& lead_path) const {
  unsigned p = 0;
  // As for tasks: the row's unit or a unit above it (the district's admin
  // too, but not the office, whose own unit is beside the townships).
  if (a.can("ledgers.write") && is_prefix(a.unit_path, r.unit_path)) p |= unsigned(Party::owner);
  if (a.can("ledgers.verify") && is_prefix(a.unit_path, lead_path)) p |= unsigned(Party::lead);
  if (is_office(a)) p |= unsigned(Party::office);
  if (a.can("ledgers.verify") && a.grant.scope == Scope::all) p |= unsigned(Party::verifier);
  if (a.can("inspections.write")) p |= unsigned(Party::inspector);
  return p;
}

std::vector<std::string> LedgerService::actions_for(const Actor& a, const LedgerType& t, const LedgerRow& r,
                                                    const std::string& lead_path) const {
  const WorkflowDef& wf = workflow_of(t);
  ActionCheck c;
  c.state = r.status;
  c.parties = parties_of(a, r, lead_path);
  c.has_note = true;  // the form asks for notes, fields and evidence
  // The path its fields choose (散乱污: the disposition's); a stored row whose
  // fields no longer read offers the unguarded actions only.
  if (auto values = decode_ledger_fields(t, r.fields); values.ok())
    c.guards_met = ledger_guards_met(wf, *values, true);
  std::vector<std::string> out = available_actions(wf, c);
  const WorkflowState* s = wf.state(r.status);
  bool frozen = s && s->frozen;
  if (!frozen && a.can("ledgers.write") && (c.parties & (unsigned(Party::owner) | unsigned(Party::office))))
    out.emplace_back("edit");
  return out;
}

Result<const LedgerType*> LedgerService::type(const Actor& a, std::string_view name) const {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  const LedgerType* t = ledger_types().find(name);
  if (!t) return Error::make("ledger_type_not_found", {{"name", std::string(name)}});
  return t;
}

Result<std::vector<const LedgerType*>> LedgerService::types(const Actor& a) const {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  std::vector<const LedgerType*> out;
  for (const auto& t : ledger_types().all()) out.push_back(&t);
  return out;
}

Result<const LedgerType*> LedgerService::type_for_write(const Actor& a, std::string_view name) const {
  if (!a.can("ledgers.write")) return Error::make("not_permitted", {{"permission", "ledgers.write"}});
  return type(a, name);
}

Result<std::string> LedgerService::lead_path(store::Tx& tx, const LedgerType& t) const {
  return store::campaigns::lead_unit_path(tx, t.work_area);
}

Result<LedgerRow> LedgerService::load_visible(store::Tx& tx, const Actor& a, int64_t id) const {
  LT_ASSIGN(auto r, store::ledger_rows::get(tx, id));
  if (!r) return Error::make("ledger_row_not_found");
  const LedgerType* t = ledger_types().find(r->ledger_type);
  if (!t) return Error::make("ledger_row_not_found");  // a type no longer installed
  if (a.sees_path(r->unit_path)) return std::move(*r);
  // The lead unit of the type's work area sees every row of it.
  LT_ASSIGN(auto lead, lead_path(tx, *t));
  if (a.can("ledgers.verify") && is_prefix(a.unit_path, lead)) return std::move(*r);
  return Error::make("ledger_row_not_found");
}

Result<LedgerRowDetail> LedgerService::detail_in(store::Tx& tx, const Actor& a, int64_t id) const {
  LedgerRowDetail d;
  LT_ASSIGN(d.row, load_visible(tx, a, id));
  const LedgerType& t = *ledger_types().find(d.row.ledger_type);
  LT_ASSIGN(auto lead, lead_path(tx, t));
  d.actions = actions_for(a, t, d.row, lead);
  LT_ASSIGN(d.files, store::record_files::for_record(tx, std::string(kLedgerRowRecord), id));
  return d;
}

Result<int64_t> LedgerService::list_scope(store::Tx& tx, const Actor& a, const LedgerType&,
                                          const std::string& lead, std::optional<int64_t> unit_id) const {
  const bool whole = a.grant.scope == Scope::all || (a.can("ledgers.verify") && is_prefix(a.unit_path, lead));
  if (unit_id) {
    LT_ASSIGN(auto u, store::units::get(tx, *unit_id));
    if (!u || (!whole && !a.sees_path(u->path))) return Error::make("not_in_scope");
    return u->id;
  }
  if (!whole) return a.unit_id;
  LT_ASSIGN(auto root, store::units::root_id(tx));
  return root.value_or(0);
}

Result<std::vector<store::Located>> LedgerService::map_points(const Actor& a, const LedgerType& t,
                                                              const std::vector<std::string>& statuses,
                                                              size_t limit) {
  std::vector<store::Located> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto lead, lead_path(tx, t));
    store::ledger_rows::Filter f;
    f.ledger_type = t.name;
    f.statuses = statuses;
    LT_ASSIGN(f.scope_unit_id, list_scope(tx, a, t, lead, std::nullopt));
    if (!f.scope_unit_id) return {};
    LT_ASSIGN(out, store::ledger_rows::points(tx, f, int64_t(limit)));
    return {};
  }));
  return out;
}

Result<store::PageOf<LedgerRowItem>> LedgerService::list(const Actor& a, const LedgerListQuery& q,
                                                         const store::Page& page) {
  LT_ASSIGN(const LedgerType* t, type(a, q.ledger_type));
  const WorkflowDef& wf = workflow_of(*t);
  store::ledger_rows::Filter f;
  f.ledger_type = t->name;
  for (const auto& s : q.statuses) {
    if (!wf.state(s)) return Error::make("query_unknown_value", {{"name", "status"}, {"value", s}});
    f.statuses.push_back(s);
  }
  f.enterprise_id = q.enterprise_id;
  for (const auto& entry : q.fields) {
    // Named copies, not a structured binding: clang 14 cannot capture those in the lambdas below.
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    const LedgerField* field = t->field(name);
    if (!field || std::find(t->filters.begin(), t->filters.end(), name) == t->filters.end())
      return Error::make("query_not_filterable", {{"name", name}});
    const auto unknown = [&] {
      return Error::make("query_unknown_value", {{"name", name}, {"value", value}});
    };
    // One value as the filter stores it ("" for an open side of a range).
    const auto stored = [&](const std::string& text) -> std::optional<std::string> {
      auto checked = check_ledger_value(*field, RawValue(text));
      if (std::holds_alternative<Issue>(checked)) return std::nullopt;
      auto values = ledger_filter_values(*t, {{name, std::get<LedgerValue>(checked)}});
      return values.empty() ? std::nullopt : std::optional<std::string>(values.front().second);
    };
    // A date between two days, either side open: "2017-10-01..2017-10-31".
    if (size_t dots = value.find(".."); field->type == FieldType::date && dots != std::string::npos) {
      store::ledger_rows::Filter::Range r{name, value.substr(0, dots), value.substr(dots + 2)};
      if (r.from.empty() && r.to.empty()) return unknown();
      for (auto* side : {&r.from, &r.to}) {
        if (side->empty()) continue;
        auto v = stored(*side);
        if (!v) return unknown();
        *side = *v;
      }
      if (!r.from.empty() && !r.to.empty() && r.from > r.to) return unknown();
      f.ranges.push_back(std::move(r));
      continue;
    }
    auto v = stored(value);
    if (!v) return unknown();
    f.fields.emplace_back(name, *v);
  }
  store::PageOf<LedgerRowItem> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto lead, lead_path(tx, *t));
    LT_ASSIGN(f.scope_unit_id, list_scope(tx, a, *t, lead, q.unit_id));
    if (!f.scope_unit_id) return {};
    LT_ASSIGN(auto rows, store::ledger_rows::list(tx, f, page));
    out.total = rows.total;
    out.next_cursor = rows.next_cursor;
    out.items.reserve(rows.items.size());
    for (auto& r : rows.items) {
      LedgerRowItem item;
      item.actions = actions_for(a, *t, r, lead);
      item.row = std::move(r);
      out.items.push_back(std::move(item));
    }
    return {};
  }));
  return out;
}

Result<LedgerService::RowsInScope> LedgerService::rows_in_scope(const Actor& a, const LedgerType& t,
                                                                std::optional<int64_t> unit_id,
                                                                const std::vector<std::string>& statuses) {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  RowsInScope out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto lead, lead_path(tx, t));
    store::ledger_rows::Filter f;
    f.ledger_type = t.name;
    f.statuses = statuses;
    LT_ASSIGN(f.scope_unit_id, list_scope(tx, a, t, lead, unit_id));
    if (!f.scope_unit_id) return {};
    LT_ASSIGN(auto root, store::units::root_id(tx));
    out.whole_district = root && *root == f.scope_unit_id;
    // Keyset pages of the list's own query: the same rows list() shows.
    store::Page page;
    page.per_page = 1000;
    page.with_total = false;
    for (;;) {
      LT_ASSIGN(auto rows, store::ledger_rows::list(tx, f, page));
      for (auto& r : rows.items) out.rows.push_back(std::move(r));
      if (rows.next_cursor.empty()) break;
      page.after = rows.next_cursor;
    }
    return {};
  }));
  return out;
}

Result<LedgerRowDetail> LedgerService::get(const Actor& a, int64_t id) {
  if (!a.can("ledgers.read")) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  LedgerRowDetail out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, detail_in(tx, a, id));
    return {};
  }));
  return out;
}

Status LedgerService::apply_input(store::Tx& tx, const Actor& a, const LedgerType& t,
                                  const LedgerRowInput& in, bool creating, LedgerRow& r) const {
  std::vector<FieldError> errs;
  if (in.unit_id) {
    LT_ASSIGN(auto u, store::units::get(tx, *in.unit_id));
    if (!u || !(is_office(a) || a.sees_path(u->path)))
      errs.push_back({"unit_id", issue("not_in_scope")});
    else if (u->disabled)
      errs.push_back({"unit_id", issue("unit_disabled")});
    else {
      r.unit_id = u->id;
      r.unit_path = u->path;
    }
  } else if (creating) {
    errs.push_back({"unit_id", issue("required")});
  }
  if (in.enterprise_id) {
    r.enterprise_id = *in.enterprise_id;
    if (r.enterprise_id) {
      LT_ASSIGN(auto e, tx.query_one("SELECT id FROM enterprises WHERE id = $1", {*r.enterprise_id}));
      if (!e) errs.push_back({"enterprise_id", issue("not_found")});
    }
  }
  if (in.location) {
    if (!*in.location) {
      r.location.reset();
    } else {
      auto p = stored_location(**in.location);
      if (auto* bad = std::get_if<Issue>(&p))
        errs.push_back({"location", *bad});
      else
        r.location = std::get<LngLat>(p);
    }
  }
  // The values: the stored ones with the given ones over them, all checked
  // together so a required field is judged on the result.
  LT_ASSIGN(auto stored, decode_ledger_fields(t, r.fields));
  std::map<std::string, LedgerValue> given;
  auto ferrs = check_ledger_values(t, in.fields, !creating, given);
  for (auto& e : ferrs) {
    e.field = "fields." + e.field;
    errs.push_back(std::move(e));
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  for (auto& [k, v] : given) stored[k] = std::move(v);
  if (auto it = stored.find(t.title_field); it != stored.end())
    if (auto* s = std::get_if<std::string>(&it->second)) r.title = *s;
  r.fields = encode_ledger_fields(stored);
  return {};
}

Result<LedgerRowDetail> LedgerService::create(const Actor& a, std::string_view ledger_type,
                                              const LedgerRowInput& in) {
  LT_ASSIGN(const LedgerType* t, type_for_write(a, ledger_type));
  std::string now = format_utc(clock_.now());
  LedgerRowDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LedgerRow r;
    r.ledger_type = t->name;
    r.status = workflow_of(*t).initial;
    r.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
    LT_TRY(apply_input(tx, a, *t, in, true, r));
    LT_ASSIGN(auto values, decode_ledger_fields(*t, r.fields));
    LT_ASSIGN(r, store::ledger_rows::insert(tx, r, ledger_filter_values(*t, values), now));
    LT_TRY(record_workflow_event(tx, a, kLedgerRowRecord, r.id, "create", "", r.status, "", now));
    LT_ASSIGN(out, detail_in(tx, a, r.id));
    LT_TRY(record_audit(tx, a, "create", std::string(kLedgerRowRecord), std::to_string(r.id), nullptr,
                        ledger_row_audit_view(*t, out.row), now));
    LT_TRY(recount(tx, a, *t, {{r.id, r.title, r.unit_path}}, now));
    return {};
  }));
  return out;
}

Result<LedgerRowDetail> LedgerService::update(const Actor& a, int64_t id, int64_t version,
                                              const LedgerRowInput& in) {
  if (!a.can("ledgers.write")) return Error::make("not_permitted", {{"permission", "ledgers.write"}});
  std::string now = format_utc(clock_.now());
  LedgerRowDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, id));
    const LedgerType& t = *ledger_types().find(cur.ledger_type);
    LT_ASSIGN(auto lead, lead_path(tx, t));
    auto acts = actions_for(a, t, cur, lead);
    if (std::find(acts.begin(), acts.end(), "edit") == acts.end()) {
      const WorkflowState* s = workflow_of(t).state(cur.status);
      if (s && s->frozen) return Error::make("ledger_row_frozen", {{"status", cur.status}});
      return Error::make("not_permitted", {{"permission", "ledgers.write"}});
    }
    if (cur.version != version)
      return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
    LedgerRow next = cur;
    LT_TRY(apply_input(tx, a, t, in, false, next));
    LT_ASSIGN(auto values, decode_ledger_fields(t, next.fields));
    LT_ASSIGN(bool ok, store::ledger_rows::update(tx, next, ledger_filter_values(t, values), now));
    if (!ok) return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
    LT_ASSIGN(out, detail_in(tx, a, id));
    LT_TRY(record_audit(tx, a, "update", std::string(kLedgerRowRecord), std::to_string(id),
                        ledger_row_audit_view(t, cur), ledger_row_audit_view(t, out.row), now));
    std::vector<Changed> changed{{id, next.title, next.unit_path}};
    if (cur.unit_path != next.unit_path) changed.push_back({id, cur.title, cur.unit_path});
    LT_TRY(recount(tx, a, t, changed, now));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
