#include "app/record_files.h"

#include "app/audit.h"
#include "app/ledger_views.h"
#include "store/evidence_repo.h"
#include "store/record_files_repo.h"

namespace lantian::app {

Result<RecordFile> file_on_record(store::Database& db, EvidenceService& evidence, const Clock& clock,
                                  const Actor& a, const RecordFileTarget& target,
                                  const AttachmentUpload& file,
                                  const std::function<Status(store::Tx&)>& may_file) {
  LT_ASSIGN(std::string name, check_upload(file));
  auto check = [&](store::Tx& tx) -> Status {
    LT_TRY(may_file(tx));
    LT_ASSIGN(auto n,
              store::record_files::count_for_record(tx, std::string(target.record_kind), target.record_id));
    if (n >= target.max_files)
      return Error::make("too_many_files", {{"max", std::to_string(target.max_files)}});
    return {};
  };
  LT_TRY(db.read(check));
  auto ev = evidence.ingest(file.bytes);
  if (!ev.ok()) {
    Error e = ev.take_error();
    if (e.code == "file_type") return Error::validation({FieldError{"file", issue("file_type")}});
    return e;
  }
  auto kind = evidence_kind_of(ev->content_type);
  if (!target.kind.empty() && kind != kEvidencePhoto)
    return Error::validation({FieldError{"file", issue("file_type")}});
  name = fit_extension(name, ev->content_type);
  std::string now = format_utc(clock.now());
  RecordFile out;
  LT_TRY(db.write([&](store::Tx& tx) -> Status {
    LT_TRY(check(tx));
    LT_TRY(store::evidence::insert(tx, *ev, now));
    RecordFile f;
    f.record_kind = std::string(target.record_kind);
    f.record_id = target.record_id;
    f.kind = target.kind.empty() ? std::string(kind.value_or(kEvidenceDocument)) : target.kind;
    f.filename = name;
    f.content_type = ev->content_type;
    f.size_bytes = int64_t(file.bytes.size());
    f.sha256 = ev->sha256;
    f.uploaded_by = a.user_id;
    LT_ASSIGN(auto stored, store::record_files::insert(tx, f, now));
    LT_ASSIGN(auto full, store::record_files::get(tx, stored.id));
    out = std::move(*full);
    LT_TRY(record_audit(tx, a, "attach", std::string(target.record_kind), std::to_string(target.record_id),
                        nullptr, record_file_view(out), now));
    return {};
  }));
  return out;
}

Result<std::string> record_file_kind(store::Database& db, int64_t file_id) {
  std::string kind;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto got, store::record_files::get(tx, file_id));
    if (!got) return Error::not_found("no such file");
    kind = std::move(got->record_kind);
    return {};
  }));
  return kind;
}

Result<std::pair<RecordFile, std::string>> read_record_file(
    store::Database& db, EvidenceService& evidence, std::string_view record_kind, int64_t file_id,
    bool thumbnail, const std::function<Status(store::Tx&, int64_t)>& may_read) {
  RecordFile f;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto got, store::record_files::get(tx, file_id));
    if (!got || got->record_kind != record_kind) return Error::not_found("no such file");
    LT_TRY(may_read(tx, got->record_id));
    f = std::move(*got);
    return {};
  }));
  if (!f.evidence) return Error::make("evidence_missing", {{"sha256", f.sha256}});
  if (thumbnail && !f.evidence->thumbnail_sha256) return Error::make("no_thumbnail");
  LT_ASSIGN(auto bytes, evidence.read(thumbnail ? *f.evidence->thumbnail_sha256 : f.sha256));
  return std::make_pair(std::move(f), std::move(bytes));
}

}  // namespace lantian::app
