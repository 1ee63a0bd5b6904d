#include "store/evidence_repo.h"

#include <set>

namespace lantian::store::evidence {

const char* const kColumns =
    "e.sha256, e.size_bytes, e.content_type, e.width, e.height, e.taken_at, e.gps_lat, e.gps_lon, "
    "e.thumbnail_sha256, e.created_at";

std::optional<EvidenceRecord> from_row(Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  EvidenceRecord e;
  e.sha256 = r.take_str(i);
  e.size_bytes = r.i64(i + 1);
  e.content_type = r.take_str(i + 2);
  if (!r.is_null(i + 3)) e.width = r.i64(i + 3);
  if (!r.is_null(i + 4)) e.height = r.i64(i + 4);
  e.taken_at = r.opt_str(i + 5);
  if (!r.is_null(i + 6)) e.gps_lat = r.f64(i + 6);
  if (!r.is_null(i + 7)) e.gps_lon = r.f64(i + 7);
  e.thumbnail_sha256 = r.opt_str(i + 8);
  e.created_at = r.take_str(i + 9);
  return e;
}

namespace {
Value opt_i(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }
Value opt_d(const std::optional<double>& v) { return v ? Value(*v) : Value(nullptr); }
}  // namespace

Status insert(Tx& tx, const EvidenceRecord& r, const std::string& now) {
  LT_TRY(tx.exec(
      "INSERT INTO evidence (sha256, size_bytes, content_type, width, height, taken_at, gps_lat, gps_lon, "
      "thumbnail_sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
      {r.sha256, r.size_bytes, r.content_type, opt_i(r.width), opt_i(r.height), opt(r.taken_at),
       opt_d(r.gps_lat), opt_d(r.gps_lon), opt(r.thumbnail_sha256), now}));
  return {};
}

Result<std::optional<EvidenceRecord>> get(Tx& tx, const std::string& sha256) {
  LT_ASSIGN(auto row, tx.query_one(std::string("SELECT ") + kColumns + " FROM evidence e WHERE e.sha256 = $1",
                                   {sha256}));
  if (!row) return std::optional<EvidenceRecord>();
  return from_row(*row, 0);
}

Result<std::vector<std::string>> all_names(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query("SELECT sha256, thumbnail_sha256 FROM evidence"));
  std::set<std::string> names;
  for (const auto& r : rows.rows) {
    names.insert(r.str(0));
    if (!r.is_null(1)) names.insert(r.str(1));
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::vector<LegacyFile>> legacy_batch(Tx& tx, int64_t limit) {
  LT_ASSIGN(auto rows,
            tx.query("SELECT d.attachment_id, a.sha256, d.data_base64 FROM attachment_data d "
                     "JOIN attachments a ON a.id = d.attachment_id ORDER BY d.attachment_id LIMIT $1",
                     {limit}));
  std::vector<LegacyFile> out;
  for (auto& r : rows.rows) out.push_back({r.i64(0), r.take_str(1), r.take_str(2)});
  return out;
}

Result<int64_t> legacy_count(Tx& tx) {
  LT_ASSIGN(auto row, tx.query_one("SELECT COUNT(*) FROM attachment_data", {}));
  return row ? row->i64(0) : 0;
}

Status finish_legacy(Tx& tx, int64_t attachment_id, const std::string& sha256,
                     const std::string& content_type) {
  LT_TRY(tx.exec("UPDATE attachments SET sha256 = $1, content_type = $2 WHERE id = $3",
                 {sha256, content_type, attachment_id}));
  LT_TRY(tx.exec("DELETE FROM attachment_data WHERE attachment_id = $1", {attachment_id}));
  return {};
}

}  // namespace lantian::store::evidence
