#include "store/record_files_repo.h"

#include "store/evidence_repo.h"
#include "store/tables.h"

namespace lantian::store::record_files {
namespace {

constexpr const Table& F = tables::record_files;
constexpr Extra kJoined[] = {{"uploader_name", "COALESCE(u.name, '')"}};
constexpr Selection kSel{F, "f", kJoined};

const std::string& select_sql() {
  static const std::string sql = "SELECT " + kSel.sql() + ", " + evidence::joined_columns() +
                                 " FROM record_files f LEFT JOIN evidence e ON e.sha256 = f.sha256"
                                 " LEFT JOIN users u ON u.id = f.uploaded_by";
  return sql;
}

RecordFile from_row(Row& r) {
  constexpr const Selection& c = kSel;
  RecordFile f;
  f.id = r.i64(c["id"]);
  f.record_kind = r.take_str(c["record_kind"]);
  f.record_id = r.i64(c["record_id"]);
  f.kind = r.take_str(c["kind"]);
  f.filename = r.take_str(c["filename"]);
  f.content_type = r.take_str(c["content_type"]);
  f.size_bytes = r.i64(c["size_bytes"]);
  f.sha256 = r.take_str(c["sha256"]);
  f.event_id = r.opt_i64(c["event_id"]);
  f.uploaded_by = r.i64(c["uploaded_by"]);
  f.created_at = r.take_str(c["created_at"]);
  f.uploader_name = r.take_str(c["uploader_name"]);
  f.evidence = evidence::from_row(r, c.size());
  return f;
}

}  // namespace

Result<RecordFile> insert(Tx& tx, RecordFile f, const std::string& now) {
  Statement st = Fields(F)
                     .set(F["record_kind"], f.record_kind)
                     .set(F["record_id"], f.record_id)
                     .set(F["kind"], f.kind)
                     .set(F["filename"], f.filename)
                     .set(F["content_type"], f.content_type)
                     .set(F["size_bytes"], f.size_bytes)
                     .set(F["sha256"], f.sha256)
                     .set(F["event_id"], opt(f.event_id))
                     .set(F["uploaded_by"], f.uploaded_by)
                     .set(F["created_at"], now)
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  f.id = row->i64(0);
  f.created_at = now;
  return f;
}

Result<std::optional<RecordFile>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE f.id = $1", {id}));
  if (!row) return std::optional<RecordFile>();
  return std::optional<RecordFile>(from_row(*row));
}

Result<std::vector<RecordFile>> for_record(Tx& tx, const std::string& record_kind, int64_t record_id) {
  LT_ASSIGN(auto rows, tx.query(select_sql() + " WHERE f.record_kind = $1 AND f.record_id = $2 ORDER BY f.id",
                                {record_kind, record_id}));
  std::vector<RecordFile> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<int64_t> count_for_record(Tx& tx, const std::string& record_kind, int64_t record_id) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT COUNT(*) FROM record_files WHERE record_kind = $1 AND record_id = $2",
                         {record_kind, record_id}));
  return row ? row->i64(0) : 0;
}

Status set_event(Tx& tx, const std::vector<int64_t>& ids, int64_t event_id) {
  for (int64_t id : ids)
    LT_TRY(tx.exec("UPDATE record_files SET event_id = $1 WHERE id = $2", {event_id, id}));
  return {};
}

}  // namespace lantian::store::record_files
