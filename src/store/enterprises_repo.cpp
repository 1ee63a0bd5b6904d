#include "store/enterprises_repo.h"

#include "core/model.h"
#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::enterprises {
namespace {

constexpr const Table& T = tables::enterprises;
constexpr Extra kJoined[] = {{"unit_name", "u.name"}};
constexpr Selection kSel{T, "e", kJoined};
constexpr std::string_view kFrom = " FROM enterprises e JOIN units u ON u.id = e.unit_id";

// What the relocation guard matches an enterprise by.
constexpr std::string_view kIdentityColumns[] = {"id",    "name",        "legal_rep",
                                                 "phone", "credit_code", "address"};
constexpr Selection kIdentity{T, "e", kIdentityColumns};

// A linked ledger row as an enterprise's file lists it: no field values.
constexpr std::string_view kLinkedColumns[] = {"id",     "ledger_type", "unit_id",   "unit_path",
                                               "status", "title",       "updated_at"};
constexpr Extra kLinkedUnit[] = {{"unit_name", "u.name"}};
constexpr Selection kLinked{tables::ledger_rows, "r", kLinkedColumns, kLinkedUnit};

const std::string& select_sql() {
  static const std::string s = "SELECT " + kSel.sql() + std::string(kFrom);
  return s;
}

Enterprise from_row(Row& row) {
  constexpr const Selection& c = kSel;
  Enterprise e;
  e.id = row.i64(c["id"]);
  e.name = row.take_str(c["name"]);
  e.credit_code = row.take_str(c["credit_code"]);
  e.legal_rep = row.take_str(c["legal_rep"]);
  e.phone = row.take_str(c["phone"]);
  e.address = row.take_str(c["address"]);
  auto lng = row.opt_f64(c["lng"]), lat = row.opt_f64(c["lat"]);
  if (lng && lat) e.location = LngLat{*lng, *lat};
  e.industry_code = row.take_str(c["industry_code"]);
  e.unit_id = row.i64(c["unit_id"]);
  e.unit_path = row.take_str(c["unit_path"]);
  e.unit_name = row.take_str(c["unit_name"]);
  e.grid = row.take_str(c["grid"]);
  e.status = row.take_str(c["status"]);
  e.version = row.i64(c["version"]);
  e.created_by = row.opt_i64(c["created_by"]);
  e.created_at = row.take_str(c["created_at"]);
  e.updated_at = row.take_str(c["updated_at"]);
  return e;
}

// The columns a writer sets, alike for insert() and update().
void set_editable(Fields& f, const Enterprise& e) {
  f.set(T["name"], e.name)
      .set(T["credit_code"], null_if_empty(e.credit_code))
      .set(T["legal_rep"], e.legal_rep)
      .set(T["phone"], e.phone)
      .set(T["address"], e.address)
      .set(T["lng"], e.location ? Value(e.location->lng) : Value(nullptr))
      .set(T["lat"], e.location ? Value(e.location->lat) : Value(nullptr))
      .set(T["industry_code"], e.industry_code)
      .set(T["unit_id"], e.unit_id)
      .set(T["unit_path"], e.unit_path)
      .set(T["grid"], e.grid)
      .set(T["status"], e.status);
}

std::string order_by(const Page& p) {
  std::string col = "e.name";
  if (p.sort == "id")
    col = "e.id";
  else if (p.sort == "updated_at")
    col = "e.updated_at";
  return " ORDER BY " + col + (p.desc ? " DESC" : " ASC") + ", e.id ASC";
}

void add_scope(Where& w, const char* column, const std::string& path) {
  if (!path.empty()) w.add(std::string(column) + " >= ? AND " + column + " < ?", {path, path_upper(path)});
}

}  // namespace

Result<Enterprise> insert(Tx& tx, Enterprise e, const std::string& now) {
  Fields f(T);
  set_editable(f, e);
  f.set(T["version"], int64_t(1))
      .set(T["created_by"], opt(e.created_by))
      .set(T["created_at"], now)
      .set(T["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  e.id = row->i64(0);
  e.version = 1;
  e.created_at = e.updated_at = now;
  return e;
}

Result<std::optional<Enterprise>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE e.id = $1", {id}));
  if (!row) return std::optional<Enterprise>();
  return std::optional<Enterprise>(from_row(*row));
}

Result<std::optional<Enterprise>> by_credit_code(Tx& tx, const std::string& credit_code) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE e.credit_code = $1", {credit_code}));
  if (!row) return std::optional<Enterprise>();
  return std::optional<Enterprise>(from_row(*row));
}

Result<std::vector<Enterprise>> with_ids(Tx& tx, const std::vector<int64_t>& ids) {
  std::vector<Enterprise> out;
  LT_TRY(in_groups(ids.size(), [&](size_t first, size_t count) -> Status {
    std::string in = "e.id IN (";
    std::vector<Value> values;
    for (size_t i = 0; i < count; ++i) {
      in += i ? ", ?" : "?";
      values.emplace_back(ids[first + i]);
    }
    Where w;
    w.add(in + ")", std::move(values));
    LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql(), w.params()));
    for (auto& r : rows.rows) out.push_back(from_row(r));
    return {};
  }));
  return out;
}

Result<std::vector<Enterprise>> with_credit_codes(Tx& tx, const std::vector<std::string>& codes) {
  std::vector<Enterprise> out;
  LT_TRY(in_groups(codes.size(), [&](size_t first, size_t count) -> Status {
    Where w;
    w.add_in("e.credit_code",
             std::vector<std::string>(codes.begin() + long(first), codes.begin() + long(first + count)));
    LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql(), w.params()));
    for (auto& r : rows.rows) out.push_back(from_row(r));
    return {};
  }));
  return out;
}

Result<std::vector<Enterprise>> named(Tx& tx, const std::string& name) {
  LT_ASSIGN(auto rows, tx.query(select_sql() + " WHERE e.name = $1 ORDER BY e.id", {name}));
  std::vector<Enterprise> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<bool> update(Tx& tx, const Enterprise& e, const std::string& now) {
  Fields f(T);
  set_editable(f, e);
  f.set_sql(T["version"], "version + 1").set(T["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {e.id, e.version});
  LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
  return n > 0;
}

Result<PageOf<Enterprise>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  add_scope(w, "e.unit_path", f.scope_path);
  add_scope(w, "e.unit_path", f.unit_path);
  if (!f.q.empty()) {
    std::string like = like_contains(f.q);
    w.add("(e.name LIKE ? ESCAPE '\\' OR e.legal_rep LIKE ? ESCAPE '\\' OR e.credit_code LIKE ? ESCAPE '\\')",
          {like, like, like_contains(f.code_q.empty() ? f.q : f.code_q)});
  }
  w.add_in("e.status", f.statuses);
  PageOf<Enterprise> out;
  if (page.with_total) {
    LT_ASSIGN(auto n, tx.query_one("SELECT COUNT(*) FROM enterprises e" + w.sql(), w.params()));
    out.total = n->i64(0);
  } else {
    out.total = -1;
  }
  std::string sql = select_sql() + w.sql() + order_by(page);
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<std::vector<Located>> points(Tx& tx, const std::string& scope_path,
                                    const std::vector<std::string>& statuses, int64_t limit) {
  Where w;
  add_scope(w, "e.unit_path", scope_path);
  w.add("e.lng IS NOT NULL AND e.lat IS NOT NULL");
  w.add_in("e.status", statuses);
  LT_ASSIGN(auto rows, tx.query("SELECT e.id, e.status, e.name, u.name, e.lng, e.lat FROM enterprises e"
                                " JOIN units u ON u.id = e.unit_id" +
                                    w.sql() + " ORDER BY e.id DESC LIMIT " + w.bind(limit),
                                w.params()));
  std::vector<Located> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows)
    out.push_back(Located{r.i64(0), r.take_str(1), r.take_str(2), r.take_str(3), LngLat{r.f64(4), r.f64(5)}});
  return out;
}

Result<std::vector<Identity>> identities(Tx& tx) {
  constexpr const Selection& c = kIdentity;
  LT_ASSIGN(auto rows, tx.query("SELECT " + c.sql() + " FROM enterprises e ORDER BY e.id"));
  std::vector<Identity> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows)
    out.push_back({r.i64(c["id"]),
                   {r.take_str(c["name"]), r.take_str(c["legal_rep"]), r.take_str(c["phone"]),
                    r.take_str(c["credit_code"]), r.take_str(c["address"])}});
  return out;
}

Result<std::vector<LedgerRow>> ledger_rows(Tx& tx, int64_t enterprise_id, const std::string& scope_path,
                                           int64_t limit) {
  Where w;
  w.add("r.enterprise_id = ?", {enterprise_id});
  add_scope(w, "r.unit_path", scope_path);
  std::string sql = "SELECT " + kLinked.sql() + " FROM ledger_rows r JOIN units u ON u.id = r.unit_id" +
                    w.sql() + " ORDER BY r.id DESC LIMIT " + w.bind(limit);
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  std::vector<LedgerRow> out;
  for (auto& row : rows.rows) {
    constexpr const Selection& c = kLinked;
    LedgerRow r;
    r.id = row.i64(c["id"]);
    r.ledger_type = row.take_str(c["ledger_type"]);
    r.unit_id = row.i64(c["unit_id"]);
    r.unit_path = row.take_str(c["unit_path"]);
    r.unit_name = row.take_str(c["unit_name"]);
    r.enterprise_id = enterprise_id;
    r.status = row.take_str(c["status"]);
    r.title = row.take_str(c["title"]);
    r.updated_at = row.take_str(c["updated_at"]);
    out.push_back(std::move(r));
  }
  return out;
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  return reroot_paths(tx, T["unit_path"], old_path, new_path);
}

}  // namespace lantian::store::enterprises
