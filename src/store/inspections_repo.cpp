#include "store/inspections_repo.h"

#include "store/tables.h"

namespace lantian::store::inspections {
namespace {

constexpr const Table& T = tables::inspections;
constexpr const Table& I = tables::inspection_items;
constexpr Extra kJoined[] = {{"unit_name", "u.name"},
                             {"inspector_name", "COALESCE(us.name, '')"},
                             {"target_title", "COALESCE(r.title, e.name, '')"}};
constexpr Selection kSel{T, "i", kJoined};
constexpr std::string_view kFrom =
    " FROM inspections i JOIN units u ON u.id = i.unit_id LEFT JOIN users us ON us.id = i.inspector_id"
    " LEFT JOIN ledger_rows r ON r.id = i.ledger_row_id LEFT JOIN enterprises e ON e.id = i.enterprise_id";

Inspection from_row(Row& row) {
  constexpr const Selection& c = kSel;
  Inspection i;
  i.id = row.i64(c["id"]);
  i.checklist = row.take_str(c["checklist"]);
  i.ledger_row_id = row.opt_i64(c["ledger_row_id"]);
  i.enterprise_id = row.opt_i64(c["enterprise_id"]);
  i.unit_id = row.i64(c["unit_id"]);
  i.unit_path = row.take_str(c["unit_path"]);
  i.inspector_id = row.i64(c["inspector_id"]);
  i.inspected_at = row.take_str(c["inspected_at"]);
  auto lng = row.opt_f64(c["lng"]), lat = row.opt_f64(c["lat"]);
  if (lng && lat) i.location = LngLat{*lng, *lat};
  i.person_met = row.take_str(c["person_met"]);
  i.result = row.take_str(c["result"]);
  i.note = row.take_str(c["note"]);
  i.client_key = row.opt_str(c["client_key"]);
  i.created_at = row.take_str(c["created_at"]);
  i.unit_name = row.take_str(c["unit_name"]);
  i.inspector_name = row.take_str(c["inspector_name"]);
  i.target_title = row.take_str(c["target_title"]);
  return i;
}

}  // namespace

Result<Inspection> insert(Tx& tx, Inspection i, const std::string& now) {
  Statement st = Fields(T)
                     .set(T["checklist"], i.checklist)
                     .set(T["ledger_row_id"], opt(i.ledger_row_id))
                     .set(T["enterprise_id"], opt(i.enterprise_id))
                     .set(T["unit_id"], i.unit_id)
                     .set(T["unit_path"], i.unit_path)
                     .set(T["inspector_id"], i.inspector_id)
                     .set(T["inspected_at"], i.inspected_at)
                     .set(T["lng"], i.location ? Value(i.location->lng) : Value(nullptr))
                     .set(T["lat"], i.location ? Value(i.location->lat) : Value(nullptr))
                     .set(T["person_met"], i.person_met)
                     .set(T["result"], i.result)
                     .set(T["note"], i.note)
                     .set(T["client_key"], opt(i.client_key))
                     .set(T["created_at"], now)
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  i.id = row->i64(0);
  i.created_at = now;
  for (const auto& it : i.items) {
    Statement s = Fields(I)
                      .set(I["inspection_id"], i.id)
                      .set(I["code"], it.code)
                      .set(I["result"], it.result)
                      .set(I["note"], it.note)
                      .set(I["open_problem"], int64_t(it.open_problem ? 1 : 0))
                      .set(I["problem_id"], opt(it.problem_id))
                      .insert();
    LT_TRY(tx.exec(s.sql, s.params));
  }
  return i;
}

Result<std::optional<Inspection>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one("SELECT " + kSel.sql() + std::string(kFrom) + " WHERE i.id = $1", {id}));
  if (!row) return std::optional<Inspection>();
  Inspection i = from_row(*row);
  static constexpr Selection kItems{I, "t"};
  LT_ASSIGN(auto items,
            tx.query("SELECT " + kItems.sql() + " FROM inspection_items t WHERE t.inspection_id = $1", {id}));
  for (auto& r : items.rows) {
    InspectionItem it;
    it.code = r.take_str(kItems["code"]);
    it.result = r.take_str(kItems["result"]);
    it.note = r.take_str(kItems["note"]);
    it.open_problem = r.i64(kItems["open_problem"]) != 0;
    it.problem_id = r.opt_i64(kItems["problem_id"]);
    i.items.push_back(std::move(it));
  }
  return std::optional<Inspection>(std::move(i));
}

Result<std::optional<int64_t>> by_client_key(Tx& tx, const std::string& key) {
  LT_ASSIGN(auto row, tx.query_one("SELECT id FROM inspections WHERE client_key = $1", {key}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->i64(0));
}

Result<PageOf<Inspection>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  if (!f.scope_path.empty()) w.add("i.unit_path LIKE ?", {f.scope_path + "%"});
  if (f.ledger_row_id) w.add("i.ledger_row_id = ?", {*f.ledger_row_id});
  if (f.enterprise_id) w.add("i.enterprise_id = ?", {*f.enterprise_id});
  if (f.inspector_id) w.add("i.inspector_id = ?", {*f.inspector_id});
  if (!f.result.empty()) w.add("i.result = ?", {f.result});
  PageOf<Inspection> out;
  LT_ASSIGN(auto n, tx.query_one("SELECT COUNT(*) FROM inspections i" + w.sql(), w.params()));
  out.total = n ? n->i64(0) : 0;
  std::string sql = "SELECT " + kSel.sql() + std::string(kFrom) + w.sql() + " ORDER BY i.id DESC LIMIT " +
                    w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<std::vector<Located>> points(Tx& tx, const std::string& scope_path,
                                    const std::vector<std::string>& results, int64_t limit) {
  Where w;
  if (!scope_path.empty()) w.add("i.unit_path LIKE ?", {scope_path + "%"});
  w.add("i.lng IS NOT NULL AND i.lat IS NOT NULL");
  w.add_in("i.result", results);
  LT_ASSIGN(auto rows,
            tx.query("SELECT i.id, i.result, COALESCE(r.title, e.name, ''), u.name, i.lng, i.lat" +
                         std::string(kFrom) + w.sql() + " ORDER BY i.id DESC LIMIT " + w.bind(limit),
                     w.params()));
  std::vector<Located> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows)
    out.push_back(Located{r.i64(0), r.take_str(1), r.take_str(2), r.take_str(3), LngLat{r.f64(4), r.f64(5)}});
  return out;
}

Result<std::optional<Target>> row_target(Tx& tx, int64_t ledger_row_id) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT unit_id, unit_path, title, ledger_type FROM ledger_rows WHERE id = $1",
                         {ledger_row_id}));
  if (!row) return std::optional<Target>();
  return std::optional<Target>(Target{row->i64(0), row->take_str(1), row->take_str(2), row->take_str(3)});
}

Result<std::optional<Target>> enterprise_target(Tx& tx, int64_t enterprise_id) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT unit_id, unit_path, name FROM enterprises WHERE id = $1", {enterprise_id}));
  if (!row) return std::optional<Target>();
  return std::optional<Target>(Target{row->i64(0), row->take_str(1), row->take_str(2), ""});
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  return reroot_paths(tx, T["unit_path"], old_path, new_path);
}

}  // namespace lantian::store::inspections
