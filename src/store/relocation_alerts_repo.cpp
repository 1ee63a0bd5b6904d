#include "store/relocation_alerts_repo.h"

#include "core/model.h"
#include "store/json_columns.h"
#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::relocation_alerts {
namespace {

constexpr const Table& T = tables::relocation_alerts;
constexpr Extra kJoined[] = {{"enterprise_name", "COALESCE(e.name, '')"},
                             {"enterprise_unit_path", "COALESCE(e.unit_path, '')"},
                             {"banned_name", "b.name"},
                             {"banned_origin", "b.origin"},
                             {"banned_credit_code", "b.credit_code"},
                             {"banned_legal_rep", "b.legal_rep"},
                             {"banned_phone", "b.phone"},
                             {"banned_address", "b.address"},
                             {"banned_on", "b.banned_on"},
                             {"banned_reason", "b.reason"},
                             {"resolved_by_name", "COALESCE(ru.name, '')"}};
constexpr Selection kSel{T, "a", kJoined};
constexpr std::string_view kFrom =
    " FROM relocation_alerts a JOIN banned_enterprises b ON b.id = a.banned_enterprise_id"
    " LEFT JOIN enterprises e ON e.id = a.enterprise_id LEFT JOIN users ru ON ru.id = a.resolved_by";

const std::string& select_sql() {
  static const std::string s = "SELECT " + kSel.sql() + std::string(kFrom);
  return s;
}

RelocationAlert from_row(Row& row) {
  constexpr const Selection& c = kSel;
  RelocationAlert a;
  a.id = row.i64(c["id"]);
  a.enterprise_id = row.opt_i64(c["enterprise_id"]);
  a.enterprise_name = row.take_str(c["enterprise_name"]);
  a.enterprise_unit_path = row.take_str(c["enterprise_unit_path"]);
  a.candidate = identity_from_json(row.str(c["candidate"]));
  a.banned_enterprise_id = row.i64(c["banned_enterprise_id"]);
  a.banned_name = row.take_str(c["banned_name"]);
  a.banned_origin = row.take_str(c["banned_origin"]);
  a.banned.name = a.banned_name;
  a.banned.credit_code = row.take_str(c["banned_credit_code"]);
  a.banned.legal_rep = row.take_str(c["banned_legal_rep"]);
  a.banned.phone = row.take_str(c["banned_phone"]);
  a.banned.address = row.take_str(c["banned_address"]);
  a.banned_on = row.take_str(c["banned_on"]);
  a.banned_reason = row.take_str(c["banned_reason"]);
  a.score = row.f64(c["score"]);
  a.reasons = strings_from_json(row.str(c["reasons"]));
  a.status = row.take_str(c["status"]);
  a.resolved_by = row.opt_i64(c["resolved_by"]);
  a.resolved_by_name = row.take_str(c["resolved_by_name"]);
  a.resolved_at = row.take_str(c["resolved_at"]);
  a.note = row.take_str(c["note"]);
  a.created_at = row.take_str(c["created_at"]);
  return a;
}

}  // namespace

Result<std::optional<RelocationAlert>> insert(Tx& tx, RelocationAlert a, const std::string& now) {
  Fields f(T);
  f.set(T["enterprise_id"], opt(a.enterprise_id))
      .set(T["candidate"], identity_to_json(a.candidate))
      .set(T["banned_enterprise_id"], a.banned_enterprise_id)
      .set(T["score"], a.score)
      .set(T["reasons"], strings_to_json(a.reasons))
      .set(T["status"], std::string("open"))
      .set(T["note"], std::string())
      .set(T["created_at"], now);
  // The pair's unique key: a pair raised before (open or resolved) is not raised again.
  Statement st = f.insert(" ON CONFLICT (enterprise_id, banned_enterprise_id) DO NOTHING RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  if (!row) return std::optional<RelocationAlert>();
  a.id = row->i64(0);
  a.status = "open";
  a.note.clear();
  a.created_at = now;
  return std::optional<RelocationAlert>(std::move(a));
}

Result<std::optional<RelocationAlert>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE a.id = $1", {id}));
  if (!row) return std::optional<RelocationAlert>();
  return std::optional<RelocationAlert>(from_row(*row));
}

Result<PageOf<RelocationAlert>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  if (!f.scope_path.empty())
    w.add("e.unit_path >= ? AND e.unit_path < ?", {f.scope_path, path_upper(f.scope_path)});
  w.add_in("a.status", f.statuses);
  if (f.enterprise_id) w.add("a.enterprise_id = ?", {*f.enterprise_id});
  if (f.banned_enterprise_id) w.add("a.banned_enterprise_id = ?", {*f.banned_enterprise_id});
  PageOf<RelocationAlert> out;
  LT_ASSIGN(auto n, tx.query_one("SELECT COUNT(*)" + std::string(kFrom) + w.sql(), w.params()));
  out.total = n->i64(0);
  std::string sql =
      select_sql() + w.sql() + " ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, a.id DESC";
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<bool> resolve(Tx& tx, int64_t id, const std::string& status, const std::string& note,
                     std::optional<int64_t> resolved_by, const std::string& now) {
  LT_ASSIGN(int64_t n, tx.exec("UPDATE relocation_alerts SET status = $1, note = $2, resolved_by = $3, "
                               "resolved_at = $4 WHERE id = $5 AND status = 'open'",
                               {status, note, opt(resolved_by), now, id}));
  return n > 0;
}

}  // namespace lantian::store::relocation_alerts
