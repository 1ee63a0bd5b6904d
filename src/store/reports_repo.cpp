#include "store/reports_repo.h"

#include "store/evidence_repo.h"
#include "store/tables.h"

namespace lantian::store::reports {
namespace {

constexpr const Table& P = tables::progress_reports;
constexpr Extra kJoined[] = {{"reported_by_name", "u.name"}, {"unit_name", "n.name"}};
constexpr Selection kSel{P, "r", kJoined};
const std::string kSelect =
    "SELECT " + kSel.sql() +
    " FROM progress_reports r JOIN users u ON u.id = r.reported_by JOIN units n ON n.id "
    "= r.unit_id";

ProgressReport from_row(Row& r) {
  constexpr const Selection& c = kSel;
  ProgressReport p;
  p.id = r.i64(c["id"]);
  p.task_id = r.i64(c["task_id"]);
  p.report_date = r.take_str(c["report_date"]);
  p.achieved_value = r.opt_f64(c["achieved_value"]);
  p.percent = r.opt_f64(c["percent"]);
  p.narrative = r.take_str(c["narrative"]);
  p.reported_by = r.i64(c["reported_by"]);
  p.reported_by_name = r.take_str(c["reported_by_name"]);
  p.unit_id = r.i64(c["unit_id"]);
  p.unit_name = r.take_str(c["unit_name"]);
  p.created_at = r.take_str(c["created_at"]);
  return p;
}

// The attachment and its content's record (none for a row of 0004 whose bytes
// the startup migration has not moved yet): the attachment's columns, then
// the evidence record's (store/evidence_repo.h).
constexpr const Table& A = tables::attachments;
constexpr Selection kAttSel{A, "a"};
const std::string& attachment_select() {
  static const std::string sql = "SELECT " + kAttSel.sql() + ", " + evidence::joined_columns() +
                                 " FROM attachments a LEFT JOIN evidence e ON e.sha256 = a.sha256";
  return sql;
}

Attachment attachment_from_row(Row& r) {
  constexpr const Selection& c = kAttSel;
  Attachment a;
  a.id = r.i64(c["id"]);
  a.report_id = r.opt_i64(c["report_id"]);
  a.task_id = r.i64(c["task_id"]);
  a.filename = r.take_str(c["filename"]);
  a.content_type = r.take_str(c["content_type"]);
  a.size_bytes = r.i64(c["size_bytes"]);
  a.sha256 = r.take_str(c["sha256"]);
  a.uploaded_by = r.i64(c["uploaded_by"]);
  a.created_at = r.take_str(c["created_at"]);
  a.evidence = evidence::from_row(r, c.size());
  return a;
}

}  // namespace

Result<ProgressReport> insert(Tx& tx, ProgressReport r, const std::string& now) {
  Statement st = Fields(P)
                     .set(P["task_id"], r.task_id)
                     .set(P["report_date"], r.report_date)
                     .set(P["achieved_value"], opt(r.achieved_value))
                     .set(P["percent"], opt(r.percent))
                     .set(P["narrative"], r.narrative)
                     .set(P["reported_by"], r.reported_by)
                     .set(P["unit_id"], r.unit_id)
                     .set(P["created_at"], now)
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  r.id = row->i64(0);
  r.created_at = now;
  return r;
}

Result<std::optional<ProgressReport>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE r.id = $1", {id}));
  if (!row) return std::optional<ProgressReport>();
  ProgressReport p = from_row(*row);
  LT_ASSIGN(auto files, tx.query(attachment_select() + " WHERE a.report_id = $1 ORDER BY a.id", {id}));
  for (auto& f : files.rows) p.attachments.push_back(attachment_from_row(f));
  return std::optional<ProgressReport>(std::move(p));
}

Result<std::vector<ProgressReport>> for_task(Tx& tx, int64_t task_id) {
  LT_ASSIGN(auto rows,
            tx.query(kSelect + " WHERE r.task_id = $1 ORDER BY r.report_date DESC, r.id DESC", {task_id}));
  std::vector<ProgressReport> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  LT_ASSIGN(auto files, tx.query(attachment_select() + " WHERE a.task_id = $1 ORDER BY a.id", {task_id}));
  for (auto& f : files.rows) {
    Attachment a = attachment_from_row(f);
    for (auto& p : out)
      if (a.report_id && *a.report_id == p.id) p.attachments.push_back(a);
  }
  return out;
}

Result<bool> any_for_task(Tx& tx, int64_t task_id) {
  LT_ASSIGN(auto row, tx.query_one("SELECT 1 FROM progress_reports WHERE task_id = $1 LIMIT 1", {task_id}));
  return row.has_value();
}

Result<std::optional<double>> latest_percent(Tx& tx, int64_t task_id) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT percent FROM progress_reports WHERE task_id = $1 AND percent IS NOT NULL "
                         "ORDER BY report_date DESC, id DESC LIMIT 1",
                         {task_id}));
  if (!row) return std::optional<double>();
  return std::optional<double>(row->f64(0));
}

Result<Attachment> insert_attachment(Tx& tx, Attachment a, const std::string& now) {
  Statement st = Fields(A)
                     .set(A["report_id"], opt(a.report_id))
                     .set(A["task_id"], a.task_id)
                     .set(A["filename"], a.filename)
                     .set(A["content_type"], a.content_type)
                     .set(A["size_bytes"], a.size_bytes)
                     .set(A["sha256"], a.sha256)
                     .set(A["uploaded_by"], a.uploaded_by)
                     .set(A["created_at"], now)
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  a.id = row->i64(0);
  a.created_at = now;
  return a;
}

Result<std::optional<Attachment>> get_attachment(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(attachment_select() + " WHERE a.id = $1", {id}));
  if (!row) return std::optional<Attachment>();
  return std::optional<Attachment>(attachment_from_row(*row));
}

Result<int64_t> attachment_count(Tx& tx, int64_t report_id) {
  LT_ASSIGN(auto row, tx.query_one("SELECT COUNT(*) FROM attachments WHERE report_id = $1", {report_id}));
  return row ? row->i64(0) : 0;
}

Result<std::vector<Attachment>> task_attachments(Tx& tx, int64_t task_id) {
  LT_ASSIGN(auto rows, tx.query(attachment_select() + " WHERE a.task_id = $1 ORDER BY a.id", {task_id}));
  std::vector<Attachment> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(attachment_from_row(r));
  return out;
}

Result<int64_t> task_file_count(Tx& tx, int64_t task_id) {
  LT_ASSIGN(
      auto row,
      tx.query_one("SELECT COUNT(*) FROM attachments WHERE task_id = $1 AND report_id IS NULL", {task_id}));
  return row ? row->i64(0) : 0;
}

Result<ReportRequest> insert_request(Tx& tx, ReportRequest r, const std::string& unit_path,
                                     const std::string& now) {
  constexpr const Table& Q = tables::report_requests;
  Statement st = Fields(Q)
                     .set(Q["task_id"], r.task_id)
                     .set(Q["unit_id"], r.unit_id)
                     .set(Q["unit_path"], unit_path)
                     .set(Q["message"], r.message)
                     .set(Q["due_date"], r.due_date)
                     .set(Q["requested_by"], opt(r.requested_by))
                     .set(Q["requested_at"], now)
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  r.id = row->i64(0);
  r.requested_at = now;
  return r;
}

Result<int64_t> fulfil_requests(Tx& tx, int64_t task_id, int64_t report_id, const std::string& now) {
  return tx.exec(
      "UPDATE report_requests SET fulfilled_at = $1, fulfilled_report_id = $2 "
      "WHERE task_id = $3 AND fulfilled_at IS NULL",
      {now, report_id, task_id});
}

namespace {

constexpr Extra kRequestJoined[] = {
    {"task_title", "t.title"}, {"unit_name", "u.name"}, {"requested_by_name", "COALESCE(rb.name, '')"}};
constexpr Selection kRequestSel{tables::report_requests, "q", kRequestJoined};
const std::string kRequestSelect = "SELECT " + kRequestSel.sql() +
                                   " FROM report_requests q JOIN tasks t ON t.id = q.task_id JOIN units u ON "
                                   "u.id = q.unit_id LEFT JOIN users rb ON rb.id = q.requested_by";

ReportRequest request_from(Row& r) {
  constexpr const Selection& c = kRequestSel;
  ReportRequest q;
  q.id = r.i64(c["id"]);
  q.task_id = r.i64(c["task_id"]);
  q.task_title = r.take_str(c["task_title"]);
  q.unit_id = r.i64(c["unit_id"]);
  q.unit_name = r.take_str(c["unit_name"]);
  q.message = r.take_str(c["message"]);
  q.due_date = r.take_str(c["due_date"]);
  q.requested_by = r.opt_i64(c["requested_by"]);
  q.requested_at = r.take_str(c["requested_at"]);
  q.fulfilled_at = r.take_str(c["fulfilled_at"]);
  q.fulfilled_report_id = r.opt_i64(c["fulfilled_report_id"]);
  q.requested_by_name = r.take_str(c["requested_by_name"]);
  return q;
}

}  // namespace

Result<std::optional<ReportRequest>> open_request(Tx& tx, int64_t task_id) {
  LT_ASSIGN(auto rows, tx.query(kRequestSelect + " WHERE q.task_id = $1 AND q.fulfilled_at IS NULL "
                                                 "ORDER BY q.due_date ASC, q.id ASC LIMIT 1",
                                {task_id}));
  if (rows.rows.empty()) return std::optional<ReportRequest>();
  return std::optional<ReportRequest>(request_from(rows.rows[0]));
}

Result<PageOf<ReportRequest>> list_requests(Tx& tx, const RequestFilter& f, const Page& page) {
  Where w;
  if (!f.scope_path.empty())
    w.add("q.unit_path >= ? AND q.unit_path < ?", {f.scope_path, path_upper(f.scope_path)});
  if (f.task_id) w.add("q.task_id = ?", {*f.task_id});
  if (f.open_only) w.add("q.fulfilled_at IS NULL");
  if (f.answered_only) w.add("q.fulfilled_at IS NOT NULL");
  if (f.late_only)
    w.add(
        "((q.fulfilled_at IS NULL AND q.due_date < ?) OR "
        "(q.fulfilled_at IS NOT NULL AND q.fulfilled_at >= (q.due_date || 'T16:00:00')))",
        {f.today});
  PageOf<ReportRequest> out;
  LT_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM report_requests q" + w.sql(), w.params()));
  out.total = total ? total->i64(0) : 0;
  std::string sql =
      kRequestSelect + w.sql() + " ORDER BY q.due_date" + (page.desc ? " DESC" : " ASC") + ", q.id ASC";
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(request_from(r));
  return out;
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  return reroot_paths(tx, tables::report_requests["unit_path"], old_path, new_path);
}

}  // namespace lantian::store::reports
