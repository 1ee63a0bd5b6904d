#include "store/spot_checks_repo.h"

#include "store/paging.h"
#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::spot_checks {
namespace {

constexpr const Table& T = tables::alert_spot_checks;
constexpr Extra kJoined[] = {{"source_name", "r.title"},
                             {"unit_name", "u.name"},
                             {"fields", "r.fields"},
                             {"lng", "r.lng"},
                             {"lat", "r.lat"}};
constexpr Selection kSel{T, "c", kJoined};

const std::string& select_sql() {
  static const std::string s = "SELECT " + kSel.sql() +
                               " FROM alert_spot_checks c JOIN ledger_rows r ON r.id = c.ledger_row_id"
                               " LEFT JOIN units u ON u.id = c.unit_id";
  return s;
}

// The address a row's fields hold ("address": the list's 详细地址), read
// without a JSON library: the stored object is compact and its values escaped.
std::string address_of(const std::string& fields) {
  const std::string key = "\"address\":\"";
  size_t at = fields.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  std::string out;
  for (size_t i = at; i < fields.size() && fields[i] != '"'; ++i) {
    if (fields[i] == '\\' && i + 1 < fields.size()) ++i;
    out += fields[i];
  }
  return out;
}

SpotCheck from_row(Row& r) {
  constexpr const Selection& c = kSel;
  SpotCheck s;
  s.id = r.i64(c["id"]);
  s.alert_id = r.i64(c["alert_id"]);
  s.level = r.take_str(c["level"]);
  s.ledger_row_id = r.i64(c["ledger_row_id"]);
  s.unit_id = r.i64(c["unit_id"]);
  s.unit_path = r.take_str(c["unit_path"]);
  s.status = r.take_str(c["status"]);
  s.inspection_id = r.opt_i64(c["inspection_id"]);
  if (!r.is_null(c["checked_at"])) s.checked_at = r.take_str(c["checked_at"]);
  s.created_at = r.take_str(c["created_at"]);
  s.source_name = r.take_str(c["source_name"]);
  s.unit_name = r.take_str(c["unit_name"]);
  s.address = address_of(r.take_str(c["fields"]));
  if (!r.is_null(c["lng"]) && !r.is_null(c["lat"])) s.lng = r.f64(c["lng"]), s.lat = r.f64(c["lat"]);
  return s;
}

}  // namespace

Result<int64_t> insert_new(Tx& tx, const std::vector<SpotCheck>& checks, const std::string& now) {
  int64_t added = 0;
  for (const SpotCheck& s : checks) {
    Fields f(T);
    f.set(T["alert_id"], s.alert_id)
        .set(T["level"], s.level)
        .set(T["ledger_row_id"], s.ledger_row_id)
        .set(T["unit_id"], s.unit_id)
        .set(T["unit_path"], s.unit_path)
        .set(T["status"], std::string("pending"))
        .set(T["created_at"], now);
    Statement st = f.insert(" ON CONFLICT (alert_id, level, ledger_row_id) DO NOTHING");
    LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
    added += n;
  }
  return added;
}

Result<std::vector<SpotCheck>> list(Tx& tx, int64_t alert_id, const std::string& level,
                                    const std::string& scope_path, const std::string& status) {
  std::string sql = select_sql() + " WHERE c.alert_id = $1 AND c.level = $2";
  std::vector<Value> params = {alert_id, level};
  if (!scope_path.empty()) {
    params.push_back(scope_path + "%");
    sql += " AND c.unit_path LIKE $" + std::to_string(params.size());
  }
  if (!status.empty()) {
    params.push_back(status);
    sql += " AND c.status = $" + std::to_string(params.size());
  }
  LT_ASSIGN(auto rows, tx.query(sql + " ORDER BY c.unit_path, r.title, c.id", params));
  std::vector<SpotCheck> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<SpotCheck>> pending_for_row(Tx& tx, int64_t ledger_row_id,
                                               const std::vector<int64_t>& alert_ids) {
  std::vector<SpotCheck> out;
  if (alert_ids.empty()) return out;
  Where w;
  w.add("c.ledger_row_id = ?", {ledger_row_id});
  w.add("c.status = ?", {std::string("pending")});
  std::string in = "c.alert_id IN (";
  std::vector<Value> ids;
  for (size_t i = 0; i < alert_ids.size(); ++i) {
    in += i ? ", ?" : "?";
    ids.emplace_back(alert_ids[i]);
  }
  w.add(in + ")", std::move(ids));
  LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql(), w.params()));
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Status settle(Tx& tx, int64_t id, const std::string& status, int64_t inspection_id, const std::string& at) {
  LT_TRY(
      tx.exec("UPDATE alert_spot_checks SET status = $2, inspection_id = $3, checked_at = $4 WHERE id = $1",
              {id, status, inspection_id, at}));
  return {};
}

}  // namespace lantian::store::spot_checks
