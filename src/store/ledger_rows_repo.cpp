#include "store/ledger_rows_repo.h"

#include <algorithm>
#include <cstdlib>

#include "core/model.h"
#include "store/list_cache.h"
#include "store/tables.h"

namespace lantian::store::ledger_rows {
namespace {

constexpr const Table& T = tables::ledger_rows;
constexpr Extra kJoined[] = {{"unit_name", "u.name"}, {"enterprise_name", "COALESCE(e.name, '')"}};
constexpr Selection kSel{T, "r", kJoined};
constexpr std::string_view kJoins =
    " FROM ledger_rows r JOIN units u ON u.id = r.unit_id LEFT JOIN enterprises e ON e.id = r.enterprise_id";

const std::string& select_sql() {
  static const std::string s = "SELECT " + kSel.sql() + std::string(kJoins);
  return s;
}

LedgerRow from_row(Row& row) {
  constexpr const Selection& c = kSel;
  LedgerRow r;
  r.id = row.i64(c["id"]);
  r.ledger_type = row.take_str(c["ledger_type"]);
  r.unit_id = row.i64(c["unit_id"]);
  r.unit_path = row.take_str(c["unit_path"]);
  r.unit_name = row.take_str(c["unit_name"]);
  r.enterprise_id = row.opt_i64(c["enterprise_id"]);
  r.enterprise_name = row.take_str(c["enterprise_name"]);
  r.status = row.take_str(c["status"]);
  r.title = row.take_str(c["title"]);
  auto lng = row.opt_f64(c["lng"]), lat = row.opt_f64(c["lat"]);
  if (lng && lat) r.location = LngLat{*lng, *lat};
  r.fields = row.take_str(c["fields"]);
  r.version = row.i64(c["version"]);
  r.created_by = row.opt_i64(c["created_by"]);
  r.created_at = row.take_str(c["created_at"]);
  r.updated_at = row.take_str(c["updated_at"]);
  return r;
}

// The columns a writer sets, alike for insert() and update().
void set_editable(Fields& f, const LedgerRow& r) {
  f.set(T["unit_id"], r.unit_id)
      .set(T["unit_path"], r.unit_path)
      .set(T["enterprise_id"], opt(r.enterprise_id))
      .set(T["title"], r.title)
      .set(T["lng"], r.location ? Value(r.location->lng) : Value(nullptr))
      .set(T["lat"], r.location ? Value(r.location->lat) : Value(nullptr))
      .set(T["fields"], r.fields);
}

// The units that see a row: every id of its unit path ("/1/13/1302/").
std::vector<int64_t> scope_units(const std::string& path) {
  std::vector<int64_t> out;
  for (size_t b = 1, e; (e = path.find('/', b)) != std::string::npos; b = e + 1)
    out.push_back(std::strtoll(path.substr(b, e - b).c_str(), nullptr, 10));
  return out;
}

// A new row (`fresh`) has none to delete. Each set is one multi-row INSERT:
// a row costs three statements, not one per unit and value (an import of
// 100,000 rows writes a million scope and filter rows).
Status write_scopes_and_filters(Tx& tx, const LedgerRow& r, const std::vector<LedgerFilterValue>& filters,
                                bool fresh) {
  if (!fresh) {
    LT_TRY(tx.exec("DELETE FROM ledger_scopes WHERE row_id = $1", {r.id}));
    LT_TRY(tx.exec("DELETE FROM ledger_filters WHERE row_id = $1", {r.id}));
  }
  std::vector<int64_t> units = scope_units(r.unit_path);
  if (!units.empty()) {
    std::string sql = "INSERT INTO ledger_scopes (ledger_type, unit_id, row_id) VALUES ";
    std::vector<Value> params{r.ledger_type, r.id};
    for (size_t i = 0; i < units.size(); ++i) {
      params.emplace_back(units[i]);
      sql += (i ? ", ($1, $" : "($1, $") + std::to_string(params.size()) + ", $2)";
    }
    LT_TRY(tx.exec(sql + " ON CONFLICT DO NOTHING", params));
  }
  if (!filters.empty()) {
    std::string sql = "INSERT INTO ledger_filters (ledger_type, field, value, row_id) VALUES ";
    std::vector<Value> params{r.ledger_type, r.id};
    for (size_t i = 0; i < filters.size(); ++i) {
      params.emplace_back(filters[i].first);
      params.emplace_back(filters[i].second);
      sql += (i ? ", ($1, $" : "($1, $") + std::to_string(params.size() - 1) + ", $" +
             std::to_string(params.size()) + ", $2)";
    }
    LT_TRY(tx.exec(sql + " ON CONFLICT DO NOTHING", params));
  }
  return {};
}

Result<int64_t> decode_cursor(const Page& p) {
  auto bad = [&] { return Error::make("query_unknown_value", {{"name", "after"}, {"value", p.after}}); };
  if (p.after.size() < 2 || p.after.size() > 20 || p.after[0] != 'r') return bad();
  char* end = nullptr;
  int64_t id = std::strtoll(p.after.c_str() + 1, &end, 10);
  if (*end || id <= 0) return bad();
  return id;
}

size_t page_bytes(const PageOf<LedgerRow>& p) {
  size_t n = sizeof(p);
  for (const auto& r : p.items) n += sizeof(LedgerRow) + 128 + r.title.size() + r.fields.size();
  return n;
}

}  // namespace

Result<LedgerRow> insert(Tx& tx, LedgerRow r, const std::vector<LedgerFilterValue>& filters,
                         const std::string& now) {
  Fields f(T);
  set_editable(f, r);
  f.set(T["ledger_type"], r.ledger_type)
      .set(T["status"], r.status)
      .set(T["version"], int64_t(1))
      .set(T["created_by"], opt(r.created_by))
      .set(T["created_at"], now)
      .set(T["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  r.id = row->i64(0);
  r.version = 1;
  r.created_at = r.updated_at = now;
  LT_TRY(write_scopes_and_filters(tx, r, filters, true));
  return r;
}

Status insert_many(Tx& tx, std::span<const NewRow> rows, const std::string& now) {
  LT_TRY(in_groups(rows.size(), [&](size_t first, size_t n) -> Status {
    std::vector<Fields> values;
    values.reserve(n);
    for (size_t i = first; i < first + n; ++i) {
      const LedgerRow& r = *rows[i].row;
      Fields& f = values.emplace_back(T);
      set_editable(f, r);
      f.set(T["ledger_type"], r.ledger_type)
          .set(T["status"], r.status)
          .set(T["version"], int64_t(1))
          .set(T["created_by"], opt(r.created_by))
          .set(T["created_at"], now)
          .set(T["updated_at"], now);
    }
    Statement st = Fields::insert_rows(values, " RETURNING id");
    LT_ASSIGN(auto ids, tx.query(st.sql, st.params));
    if (ids.size() != n) return Error::internal("ledger_rows: an insert returned another number of ids");
    // The ids are drawn row after row in VALUES order (SQLite: the largest
    // rowid + 1; PostgreSQL: the column's sequence), so ascending; RETURNING
    // promises no order of its own.
    std::vector<int64_t> sorted;
    sorted.reserve(n);
    for (const auto& row : ids.rows) sorted.push_back(row.i64(0));
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < n; ++i) {
      LedgerRow& r = *rows[first + i].row;
      r.id = sorted[i];
      r.version = 1;
      r.created_at = r.updated_at = now;
    }
    return {};
  }));
  std::vector<Fields> scopes, filters;
  for (const auto& nr : rows) {
    const LedgerRow& r = *nr.row;
    for (int64_t unit : scope_units(r.unit_path))
      scopes.emplace_back(tables::ledger_scopes)
          .set(tables::ledger_scopes["ledger_type"], r.ledger_type)
          .set(tables::ledger_scopes["unit_id"], unit)
          .set(tables::ledger_scopes["row_id"], r.id);
    for (const auto& [field, value] : *nr.filters)
      filters.emplace_back(tables::ledger_filters)
          .set(tables::ledger_filters["ledger_type"], r.ledger_type)
          .set(tables::ledger_filters["field"], field)
          .set(tables::ledger_filters["value"], value)
          .set(tables::ledger_filters["row_id"], r.id);
  }
  // New rows' scope and filter rows cannot be there yet, and neither set
  // repeats itself (a path names each unit once, a type each filter field
  // once): plain INSERTs. ON CONFLICT DO NOTHING's speculative insertion cost
  // PostgreSQL a quarter of its CPU on an import.
  for (auto* set : {&scopes, &filters})
    LT_TRY(in_groups(set->size(), [&](size_t first, size_t n) -> Status {
      Statement st = Fields::insert_rows(std::span<const Fields>(*set).subspan(first, n));
      LT_TRY(tx.exec(st.sql, st.params));
      return {};
    }));
  return {};
}

Result<std::optional<LedgerRow>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE r.id = $1", {id}));
  if (!row) return std::optional<LedgerRow>();
  return std::optional<LedgerRow>(from_row(*row));
}

Result<bool> update(Tx& tx, const LedgerRow& r, const std::vector<LedgerFilterValue>& filters,
                    const std::string& now) {
  Fields f(T);
  set_editable(f, r);
  f.set_sql(T["version"], "version + 1").set(T["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {r.id, r.version});
  LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
  if (n == 0) return false;
  LT_TRY(write_scopes_and_filters(tx, r, filters, false));
  return true;
}

Result<bool> set_status(Tx& tx, int64_t id, int64_t version, const std::string& status,
                        const std::string& now) {
  LT_ASSIGN(int64_t n, tx.exec("UPDATE ledger_rows SET status = $1, version = version + 1, updated_at = $2 "
                               "WHERE id = $3 AND version = $4",
                               {status, now, id, version}));
  return n > 0;
}

Result<PageOf<LedgerRow>> list(Tx& tx, const Filter& f, const Page& page) {
  std::optional<int64_t> after;
  if (!page.after.empty()) {
    LT_ASSIGN(int64_t a, decode_cursor(page));
    after = a;
  }
  // The rows the reader's unit sees, newest first; each condition a probe.
  Where w;
  w.add("s.ledger_type = ?", {f.ledger_type});
  w.add("s.unit_id = ?", {f.scope_unit_id});
  bool joins_row = !f.statuses.empty() || f.enterprise_id;
  if (!f.statuses.empty()) {
    std::string in = "r.status IN (";
    std::vector<Value> v;
    for (size_t i = 0; i < f.statuses.size(); ++i) {
      in += i ? ", ?" : "?";
      v.emplace_back(f.statuses[i]);
    }
    w.add(in + ")", std::move(v));
  }
  if (f.enterprise_id) w.add("r.enterprise_id = ?", {*f.enterprise_id});
  for (const auto& [field, value] : f.fields)
    w.add(
        "EXISTS (SELECT 1 FROM ledger_filters lf WHERE lf.ledger_type = s.ledger_type AND lf.field = ? AND "
        "lf.value = ? AND lf.row_id = s.row_id)",
        {field, value});
  for (const auto& r : f.ranges) {
    std::string cond =
        "EXISTS (SELECT 1 FROM ledger_filters lf WHERE lf.ledger_type = s.ledger_type AND lf.field = ?";
    std::vector<Value> v{r.field};
    if (!r.from.empty()) {
      cond += " AND lf.value >= ?";
      v.emplace_back(r.from);
    }
    if (!r.to.empty()) {
      cond += " AND lf.value <= ?";
      v.emplace_back(r.to);
    }
    w.add(cond + " AND lf.row_id = s.row_id)", std::move(v));
  }
  const std::string from =
      " FROM ledger_scopes s" + std::string(joins_row ? " JOIN ledger_rows r ON r.id = s.row_id" : "");
  LT_ASSIGN(auto gens, read_generations(tx, {"ledger_rows"}));
  PageOf<LedgerRow> out;
  out.total = -1;
  if (page.with_total) {
    LT_ASSIGN(out.total,
              cached_count(tx, gens, "ledger_rows", "SELECT COUNT(*)" + from + w.sql(), w.params()));
    if (out.total == 0) return out;
  }
  if (after) w.add("s.row_id < ?", {*after});
  std::string ids = "SELECT s.row_id AS id" + from + w.sql() + " ORDER BY s.row_id DESC LIMIT " +
                    w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  std::string sql =
      "SELECT " + kSel.sql() + " FROM (" + ids +
      ") p JOIN ledger_rows r ON r.id = p.id JOIN units u ON u.id = r.unit_id LEFT JOIN enterprises e "
      "ON e.id = r.enterprise_id ORDER BY r.id DESC";
  LT_ASSIGN(auto cached, cached_result<PageOf<LedgerRow>>(
                             gens, "ledger_rows", sql, w.params(),
                             [&]() -> Result<PageOf<LedgerRow>> {
                               PageOf<LedgerRow> p;
                               LT_ASSIGN(auto rows, tx.query(sql, w.params()));
                               for (auto& row : rows.rows) p.items.push_back(from_row(row));
                               if (!p.items.empty() && int64_t(p.items.size()) == page.per_page)
                                 p.next_cursor = "r" + std::to_string(p.items.back().id);
                               return p;
                             },
                             &page_bytes));
  out.items = cached->items;
  out.next_cursor = cached->next_cursor;
  return out;
}

Result<std::vector<Point>> points(Tx& tx, const Filter& f, int64_t limit) {
  Where w;
  w.add("s.ledger_type = ?", {f.ledger_type});
  w.add("s.unit_id = ?", {f.scope_unit_id});
  w.add("r.lng IS NOT NULL AND r.lat IS NOT NULL");
  w.add_in("r.status", f.statuses);
  std::string sql =
      "SELECT r.id, r.status, r.title, u.name, r.lng, r.lat FROM ledger_scopes s"
      " JOIN ledger_rows r ON r.id = s.row_id JOIN units u ON u.id = r.unit_id" +
      w.sql() + " ORDER BY s.row_id DESC LIMIT " + w.bind(limit);
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  std::vector<Point> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows)
    out.push_back(Point{r.i64(0), r.take_str(1), r.take_str(2), r.take_str(3), LngLat{r.f64(4), r.f64(5)}});
  return out;
}

Result<std::vector<LedgerRow>> all_in_scope(Tx& tx, const std::string& ledger_type, int64_t scope_unit_id) {
  static constexpr Extra kNoJoin[] = {{"unit_name", "''"}, {"enterprise_name", "''"}};
  static constexpr Selection kBare{T, "r", kNoJoin};
  LT_ASSIGN(auto rows, tx.query("SELECT " + kBare.sql() +
                                    " FROM ledger_scopes s JOIN ledger_rows r ON r.id = s.row_id"
                                    " WHERE s.ledger_type = $1 AND s.unit_id = $2 ORDER BY s.row_id",
                                {ledger_type, scope_unit_id}));
  std::vector<LedgerRow> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Status remove(Tx& tx, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) {
    LT_TRY(tx.exec("DELETE FROM ledger_scopes WHERE row_id = $1", {id}));
    LT_TRY(tx.exec("DELETE FROM ledger_filters WHERE row_id = $1", {id}));
    LT_TRY(tx.exec("DELETE FROM workflow_events WHERE workflow = 'ledger_row' AND record_id = $1", {id}));
    LT_TRY(tx.exec("DELETE FROM ledger_rows WHERE id = $1", {id}));
  }
  return {};
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  LT_ASSIGN(int64_t n, reroot_paths(tx, T["unit_path"], old_path, new_path));
  if (n == 0) return n;
  // The moved rows are those now under new_path (the unit's path is its own):
  // their scope rows name the old ancestors. Filters do not depend on the unit.
  const std::vector<Value> range{new_path, path_upper(new_path)};
  LT_TRY(
      tx.exec("DELETE FROM ledger_scopes WHERE row_id IN (SELECT id FROM ledger_rows WHERE unit_path >= $1 "
              "AND unit_path < $2)",
              range));
  LT_ASSIGN(
      auto rows,
      tx.query("SELECT id, ledger_type, unit_path FROM ledger_rows WHERE unit_path >= $1 AND unit_path < $2",
               range));
  std::vector<Fields> scopes;
  for (auto& r : rows.rows)
    for (int64_t unit : scope_units(r.str(2)))
      scopes.emplace_back(tables::ledger_scopes)
          .set(tables::ledger_scopes["ledger_type"], r.str(1))
          .set(tables::ledger_scopes["unit_id"], unit)
          .set(tables::ledger_scopes["row_id"], r.i64(0));
  LT_TRY(in_groups(scopes.size(), [&](size_t first, size_t count) -> Status {
    Statement st = Fields::insert_rows(std::span<const Fields>(scopes).subspan(first, count));
    LT_TRY(tx.exec(st.sql, st.params));
    return {};
  }));
  return n;
}

}  // namespace lantian::store::ledger_rows
