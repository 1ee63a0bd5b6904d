#include "store/banned_enterprises_repo.h"

#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::banned_enterprises {
namespace {

constexpr const Table& T = tables::banned_enterprises;
constexpr Selection kSel{T, "b"};

const std::string& select_sql() {
  static const std::string s = "SELECT " + kSel.sql() + " FROM banned_enterprises b";
  return s;
}

BannedEnterprise from_row(Row& row) {
  constexpr const Selection& c = kSel;
  BannedEnterprise b;
  b.id = row.i64(c["id"]);
  b.name = row.take_str(c["name"]);
  b.credit_code = row.take_str(c["credit_code"]);
  b.legal_rep = row.take_str(c["legal_rep"]);
  b.phone = row.take_str(c["phone"]);
  b.address = row.take_str(c["address"]);
  b.origin = row.take_str(c["origin"]);
  b.banned_on = row.take_str(c["banned_on"]);
  b.reason = row.take_str(c["reason"]);
  b.source = row.take_str(c["source"]);
  b.enterprise_id = row.opt_i64(c["enterprise_id"]);
  b.created_by = row.opt_i64(c["created_by"]);
  b.created_at = row.take_str(c["created_at"]);
  return b;
}

}  // namespace

Result<BannedEnterprise> insert(Tx& tx, BannedEnterprise b, const std::string& now) {
  Fields f(T);
  f.set(T["name"], b.name)
      .set(T["credit_code"], null_if_empty(b.credit_code))
      .set(T["legal_rep"], b.legal_rep)
      .set(T["phone"], b.phone)
      .set(T["address"], b.address)
      .set(T["origin"], b.origin)
      .set(T["banned_on"], null_if_empty(b.banned_on))
      .set(T["reason"], b.reason)
      .set(T["source"], b.source)
      .set(T["enterprise_id"], opt(b.enterprise_id))
      .set(T["created_by"], opt(b.created_by))
      .set(T["created_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  b.id = row->i64(0);
  b.created_at = now;
  return b;
}

Result<std::optional<BannedEnterprise>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE b.id = $1", {id}));
  if (!row) return std::optional<BannedEnterprise>();
  return std::optional<BannedEnterprise>(from_row(*row));
}

Result<PageOf<BannedEnterprise>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  if (!f.q.empty()) {
    std::string like = like_contains(f.q);
    w.add(
        "(b.name LIKE ? ESCAPE '\\' OR b.legal_rep LIKE ? ESCAPE '\\' OR b.origin LIKE ? ESCAPE '\\' OR "
        "b.credit_code LIKE ? ESCAPE '\\')",
        {like, like, like, like_contains(f.code_q.empty() ? f.q : f.code_q)});
  }
  if (!f.source.empty()) w.add("b.source = ?", {f.source});
  PageOf<BannedEnterprise> out;
  LT_ASSIGN(auto n, tx.query_one("SELECT COUNT(*) FROM banned_enterprises b" + w.sql(), w.params()));
  out.total = n->i64(0);
  std::string order = std::string(" ORDER BY ") + (page.sort == "name" ? "b.name" : "b.id") +
                      (page.desc ? " DESC" : " ASC") + ", b.id DESC";
  std::string sql = select_sql() + w.sql() + order;
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<std::vector<BannedEnterprise>> all(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query(select_sql() + " ORDER BY b.id"));
  std::vector<BannedEnterprise> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

}  // namespace lantian::store::banned_enterprises
