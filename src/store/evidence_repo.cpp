#include "store/evidence_repo.h"

#include <set>

#include "store/tables.h"

namespace lantian::store::evidence {

namespace {
constexpr const Table& E = tables::evidence;
constexpr Selection kSel{E, "e"};
}  // namespace

std::string joined_columns() { return kSel.sql(); }

std::optional<EvidenceRecord> from_row(Row& r, size_t first) {
  constexpr const Selection& c = kSel;
  if (r.is_null(first + c["sha256"])) return std::nullopt;
  EvidenceRecord e;
  e.sha256 = r.take_str(first + c["sha256"]);
  e.size_bytes = r.i64(first + c["size_bytes"]);
  e.content_type = r.take_str(first + c["content_type"]);
  e.width = r.opt_i64(first + c["width"]);
  e.height = r.opt_i64(first + c["height"]);
  e.taken_at = r.opt_str(first + c["taken_at"]);
  e.gps_lat = r.opt_f64(first + c["gps_lat"]);
  e.gps_lon = r.opt_f64(first + c["gps_lon"]);
  e.thumbnail_sha256 = r.opt_str(first + c["thumbnail_sha256"]);
  e.created_at = r.take_str(first + c["created_at"]);
  return e;
}

Status insert(Tx& tx, const EvidenceRecord& r, const std::string& now) {
  Statement st = Fields(E)
                     .set(E["sha256"], r.sha256)
                     .set(E["size_bytes"], r.size_bytes)
                     .set(E["content_type"], r.content_type)
                     .set(E["width"], opt(r.width))
                     .set(E["height"], opt(r.height))
                     .set(E["taken_at"], opt(r.taken_at))
                     .set(E["gps_lat"], opt(r.gps_lat))
                     .set(E["gps_lon"], opt(r.gps_lon))
                     .set(E["thumbnail_sha256"], opt(r.thumbnail_sha256))
                     .set(E["created_at"], now)
                     .insert(" ON CONFLICT DO NOTHING");
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Result<std::optional<EvidenceRecord>> get(Tx& tx, const std::string& sha256) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT " + kSel.sql() + " FROM evidence e WHERE e.sha256 = $1", {sha256}));
  if (!row) return std::optional<EvidenceRecord>();
  return from_row(*row, 0);
}

Result<std::vector<std::string>> all_names(Tx& tx) {
  static constexpr std::string_view kNames[] = {"sha256", "thumbnail_sha256"};
  static constexpr Selection kNameSel{E, "", kNames};
  LT_ASSIGN(auto rows, tx.query("SELECT " + kNameSel.sql() + " FROM evidence"));
  std::set<std::string> names;
  for (auto& r : rows.rows) {
    names.insert(r.take_str(kNameSel["sha256"]));
    if (auto t = r.opt_str(kNameSel["thumbnail_sha256"])) names.insert(std::move(*t));
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<bool> unnamed(Tx& tx, const std::string& sha256) {
  LT_ASSIGN(auto row, tx.query_one("SELECT COUNT(*) FROM evidence WHERE sha256 = $1 OR thumbnail_sha256 = $1",
                                   {sha256}));
  return !row || row->i64(0) == 0;
}

Result<std::vector<LegacyFile>> legacy_batch(Tx& tx, int64_t limit) {
  static constexpr Extra kJoined[] = {{"sha256", "a.sha256"}};
  static constexpr Selection kLegacySel{tables::attachment_data, "d", kJoined};
  LT_ASSIGN(auto rows, tx.query("SELECT " + kLegacySel.sql() +
                                    " FROM attachment_data d JOIN attachments a ON a.id = d.attachment_id "
                                    "ORDER BY d.attachment_id LIMIT $1",
                                {limit}));
  constexpr const Selection& c = kLegacySel;
  std::vector<LegacyFile> out;
  for (auto& r : rows.rows)
    out.push_back({r.i64(c["attachment_id"]), r.take_str(c["sha256"]), r.take_str(c["data_base64"])});
  return out;
}

Result<int64_t> legacy_count(Tx& tx) {
  LT_ASSIGN(auto row, tx.query_one("SELECT COUNT(*) FROM attachment_data", {}));
  return row ? row->i64(0) : 0;
}

Status finish_legacy(Tx& tx, int64_t attachment_id, const std::string& sha256,
                     const std::string& content_type) {
  constexpr const Table& A = tables::attachments;
  Statement st = Fields(A)
                     .set(A["sha256"], sha256)
                     .set(A["content_type"], content_type)
                     .update("id = $1", {attachment_id});
  LT_TRY(tx.exec(st.sql, st.params));
  LT_TRY(tx.exec("DELETE FROM attachment_data WHERE attachment_id = $1", {attachment_id}));
  return {};
}

}  // namespace lantian::store::evidence
