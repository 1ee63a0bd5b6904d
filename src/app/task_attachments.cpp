// TaskService: files on progress reports (佐证材料), kept in the evidence
// store (app/evidence_service.h).
#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "app/uploads.h"
#include "core/task_workflow.h"
#include "core/text.h"
#include "io/evidence_media.h"
#include "store/evidence_repo.h"

namespace lantian::app {
using namespace task_internal;
namespace {

constexpr int kMaxAttachmentsPerReport = 20;
constexpr int kMaxFilesPerTask = 200;

}  // namespace

Result<Attachment> TaskService::attach(const Actor& a, int64_t report_id, const AttachmentUpload& file) {
  if (!a.can("tasks.report")) return Error::make("not_permitted", {{"permission", "tasks.report"}});
  return store_attachment(a, file, report_id, [&](store::Tx& tx) -> Result<Task> {
    LT_ASSIGN(auto r, store::reports::get(tx, report_id));
    if (!r) return Error::make("not_found");
    LT_ASSIGN(auto t, load_visible(tx, a, r->task_id));
    if (!(parties_of(a, t, tx) & unsigned(TaskParty::owner))) return Error::make("not_task_owner");
    LT_ASSIGN(auto n, store::reports::attachment_count(tx, report_id));
    if (n >= kMaxAttachmentsPerReport)
      return Error::make("too_many_files", {{"max", std::to_string(kMaxAttachmentsPerReport)}});
    return t;
  });
}

Result<Attachment> TaskService::attach_to_task(const Actor& a, int64_t task_id,
                                               const AttachmentUpload& file) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  return store_attachment(a, file, std::nullopt, [&](store::Tx& tx) -> Result<Task> {
    LT_ASSIGN(auto t, load_visible(tx, a, task_id));
    const unsigned may = unsigned(TaskParty::owner) | unsigned(TaskParty::lead) | unsigned(TaskParty::office);
    if (!(parties_of(a, t, tx) & may)) return Error::make("not_task_party");
    LT_ASSIGN(auto n, store::reports::task_file_count(tx, task_id));
    if (n >= kMaxFilesPerTask)
      return Error::make("too_many_files", {{"max", std::to_string(kMaxFilesPerTask)}});
    return t;
  });
}

Result<Attachment> TaskService::store_attachment(const Actor& a, const AttachmentUpload& file,
                                                 std::optional<int64_t> report_id,
                                                 const std::function<Result<Task>(store::Tx&)>& check) {
  LT_ASSIGN(std::string name, check_upload(file));
  if (!evidence_) return Error::internal("the task service has no evidence store");
  // May the caller add a file here? Checked before the content is stored,
  // and again in the transaction that records it.
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_TRY(check(tx));
    return {};
  }));
  // The content (and its thumbnail) reach the store before the row that
  // names them is committed.
  auto ev = evidence_->ingest(file.bytes);
  if (!ev.ok()) {
    Error e = ev.take_error();
    if (e.code == "file_type") return Error::validation({FieldError{"file", issue("file_type")}});
    return e;
  }
  // The stored name says what the file is, whatever it was called.
  name = fit_extension(name, ev->content_type);
  std::string now = format_utc(clock_.now());
  Attachment out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto t, check(tx));
    LT_TRY(store::evidence::insert(tx, *ev, now));
    Attachment at;
    at.report_id = report_id;
    at.task_id = t.id;
    at.filename = name;
    at.content_type = ev->content_type;
    at.size_bytes = int64_t(file.bytes.size());
    at.sha256 = ev->sha256;
    at.uploaded_by = a.user_id;
    LT_ASSIGN(out, store::reports::insert_attachment(tx, at, now));
    LT_ASSIGN(out.evidence, store::evidence::get(tx, out.sha256));
    LT_TRY(record_audit(tx, a, "attach", "task", std::to_string(t.id), nullptr, attachment_view(out), now));
    return {};
  }));
  return out;
}

Result<Attachment> TaskService::attachment_meta(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  Attachment out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto at, store::reports::get_attachment(tx, id));
    if (!at) return Error::not_found("no such file");
    LT_TRY(load_visible(tx, a, at->task_id));
    out = std::move(*at);
    return {};
  }));
  return out;
}

Result<std::pair<Attachment, std::string>> TaskService::attachment(const Actor& a, int64_t id) {
  LT_ASSIGN(auto at, attachment_meta(a, id));
  if (!at.evidence) return Error::make("evidence_missing", {{"sha256", at.sha256}});
  if (!evidence_) return Error::internal("the task service has no evidence store");
  LT_ASSIGN(auto bytes, evidence_->read(at.sha256));
  return std::make_pair(std::move(at), std::move(bytes));
}

Result<std::pair<Attachment, std::string>> TaskService::thumbnail(const Actor& a, int64_t id) {
  LT_ASSIGN(auto at, attachment_meta(a, id));
  if (!at.evidence || !at.evidence->thumbnail_sha256) return Error::make("no_thumbnail");
  if (!evidence_) return Error::internal("the task service has no evidence store");
  LT_ASSIGN(auto bytes, evidence_->read(*at.evidence->thumbnail_sha256));
  return std::make_pair(std::move(at), std::move(bytes));
}

}  // namespace lantian::app
