#include "store/campaigns_repo.h"

#include "store/json_columns.h"
#include "store/tables.h"
#include "store/workflow_sql.h"

namespace lantian::store::campaigns {
namespace {

constexpr const Table& C = tables::campaigns;
constexpr Extra kJoined[] = {{"jurisdiction_unit_name", "j.name"}, {"office_unit_name", "o.name"}};
constexpr Selection kSel{C, "c", kJoined};
const std::string kSelect = "SELECT " + kSel.sql() +
                            " FROM campaigns c JOIN units j ON j.id = c.jurisdiction_unit_id JOIN units o ON "
                            "o.id = c.office_unit_id";

Campaign from_row(Row& r) {
  constexpr const Selection& s = kSel;
  Campaign c;
  c.id = r.i64(s["id"]);
  c.name = r.take_str(s["name"]);
  c.start_date = r.take_str(s["start_date"]);
  c.end_date = r.take_str(s["end_date"]);
  c.jurisdiction_unit_id = r.i64(s["jurisdiction_unit_id"]);
  c.jurisdiction_unit_name = r.take_str(s["jurisdiction_unit_name"]);
  c.office_unit_id = r.i64(s["office_unit_id"]);
  c.office_unit_name = r.take_str(s["office_unit_name"]);
  c.description = r.take_str(s["description"]);
  c.targets = targets_from_json(r.str(s["targets"]));
  c.documents = documents_from_json(r.str(s["documents"]));
  c.status = r.take_str(s["status"]);
  c.version = r.i64(s["version"]);
  c.created_at = r.take_str(s["created_at"]);
  c.updated_at = r.take_str(s["updated_at"]);
  return c;
}

// The columns an editor sets: alike in insert() and update().
void set_editable(Fields& f, const Campaign& c) {
  f.set(C["name"], c.name)
      .set(C["start_date"], c.start_date)
      .set(C["end_date"], c.end_date)
      .set(C["jurisdiction_unit_id"], c.jurisdiction_unit_id)
      .set(C["office_unit_id"], c.office_unit_id)
      .set(C["description"], c.description)
      .set(C["targets"], targets_to_json(c.targets))
      .set(C["documents"], documents_to_json(c.documents))
      .set(C["status"], c.status);
}

constexpr const Table& A = tables::work_areas;
constexpr Extra kAreaJoined[] = {{"lead_unit_name", "u.name"}};
constexpr Selection kAreaSel{A, "a", kAreaJoined};
const std::string kAreaSelect =
    "SELECT " + kAreaSel.sql() + " FROM work_areas a LEFT JOIN units u ON u.id = a.lead_unit_id";

WorkArea area_from_row(Row& r) {
  constexpr const Selection& s = kAreaSel;
  WorkArea a;
  a.id = r.i64(s["id"]);
  a.campaign_id = r.i64(s["campaign_id"]);
  a.code = r.take_str(s["code"]);
  a.name = r.take_str(s["name"]);
  a.sort_order = int(r.i64(s["sort_order"]));
  a.lead_unit_id = r.opt_i64(s["lead_unit_id"]);
  a.lead_unit_name = r.take_str(s["lead_unit_name"]);
  a.leader = {r.take_str(s["leader_name"]), r.take_str(s["leader_phone"])};
  a.description = r.take_str(s["description"]);
  a.version = r.i64(s["version"]);
  a.created_at = r.take_str(s["created_at"]);
  a.updated_at = r.take_str(s["updated_at"]);
  return a;
}

// The columns an editor sets: alike in insert_area() and update_area().
void set_editable(Fields& f, const WorkArea& a) {
  f.set(A["name"], a.name)
      .set(A["sort_order"], int64_t(a.sort_order))
      .set(A["lead_unit_id"], opt(a.lead_unit_id))
      .set(A["leader_name"], a.leader.name)
      .set(A["leader_phone"], a.leader.phone)
      .set(A["description"], a.description);
}

constexpr std::string_view kUnitRefColumns[] = {"id", "name"};
constexpr Selection kUnitRefSel{tables::units, "u", kUnitRefColumns};
const std::string kCooperatingSelect =
    "SELECT " + kUnitRefSel.sql() + " FROM work_area_units w JOIN units u ON u.id = w.unit_id";

Status load_cooperating(Tx& tx, std::vector<WorkArea>& areas) {
  for (auto& a : areas) {
    LT_ASSIGN(auto rows, tx.query(kCooperatingSelect + " WHERE w.work_area_id = $1 ORDER BY u.path", {a.id}));
    for (auto& r : rows.rows)
      a.cooperating_units.push_back({r.i64(kUnitRefSel["id"]), r.take_str(kUnitRefSel["name"])});
  }
  return {};
}

Status save_cooperating(Tx& tx, const WorkArea& a) {
  LT_TRY(tx.exec("DELETE FROM work_area_units WHERE work_area_id = $1", {a.id}));
  constexpr const Table& W = tables::work_area_units;
  for (const auto& u : a.cooperating_units) {
    Statement st = Fields(W).set(W["work_area_id"], a.id).set(W["unit_id"], u.id).insert();
    LT_TRY(tx.exec(st.sql, st.params));
  }
  return {};
}

}  // namespace

Result<std::optional<Campaign>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE c.id = $1", {id}));
  if (!row) return std::optional<Campaign>();
  return std::optional<Campaign>(from_row(*row));
}

Result<std::vector<Campaign>> all(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query(kSelect + " ORDER BY c.start_date DESC, c.id DESC", {}));
  std::vector<Campaign> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<Campaign> insert(Tx& tx, Campaign c, const std::string& now) {
  Fields f(C);
  set_editable(f, c);
  f.set(C["version"], int64_t(1)).set(C["created_at"], now).set(C["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  c.id = row->i64(0);
  c.version = 1;
  c.created_at = c.updated_at = now;
  return c;
}

Result<bool> update(Tx& tx, const Campaign& c, const std::string& now) {
  Fields f(C);
  set_editable(f, c);
  f.set_sql(C["version"], "version + 1").set(C["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {c.id, c.version});
  LT_ASSIGN(auto n, tx.exec(st.sql, st.params));
  return n == 1;
}

Result<std::optional<WorkArea>> get_area(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kAreaSelect + " WHERE a.id = $1", {id}));
  if (!row) return std::optional<WorkArea>();
  std::vector<WorkArea> one{area_from_row(*row)};
  LT_TRY(load_cooperating(tx, one));
  return std::optional<WorkArea>(std::move(one[0]));
}

Result<std::vector<WorkArea>> areas(Tx& tx, int64_t campaign_id) {
  LT_ASSIGN(auto rows,
            tx.query(kAreaSelect + " WHERE a.campaign_id = $1 ORDER BY a.sort_order, a.id", {campaign_id}));
  std::vector<WorkArea> out;
  for (auto& r : rows.rows) out.push_back(area_from_row(r));
  LT_TRY(load_cooperating(tx, out));
  return out;
}

Result<std::string> lead_unit_path(Tx& tx, const std::string& code) {
  LT_ASSIGN(auto row, tx.query_one("SELECT u.path FROM work_areas a JOIN campaigns c ON c.id = a.campaign_id"
                                   " JOIN units u ON u.id = a.lead_unit_id WHERE a.code = $1"
                                   " ORDER BY c.start_date DESC, c.id DESC LIMIT 1",
                                   {code}));
  return row ? row->take_str(0) : std::string();
}

Result<WorkArea> insert_area(Tx& tx, WorkArea a, const std::string& now) {
  Fields f(A);
  set_editable(f, a);
  f.set(A["campaign_id"], a.campaign_id)
      .set(A["code"], a.code)
      .set(A["version"], int64_t(1))
      .set(A["created_at"], now)
      .set(A["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  a.id = row->i64(0);
  a.version = 1;
  a.created_at = a.updated_at = now;
  LT_TRY(save_cooperating(tx, a));
  return a;
}

Result<bool> update_area(Tx& tx, const WorkArea& a, const std::string& now) {
  Fields f(A);
  set_editable(f, a);
  f.set_sql(A["version"], "version + 1").set(A["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {a.id, a.version});
  LT_ASSIGN(auto n, tx.exec(st.sql, st.params));
  if (n != 1) return false;
  LT_TRY(save_cooperating(tx, a));
  return true;
}

Result<std::vector<AreaStats>> area_stats(Tx& tx, int64_t campaign_id, const std::string& today) {
  LT_ASSIGN(
      auto rows,
      tx.query("SELECT work_area_id, "
               "SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END), "
               "SUM(CASE WHEN parent_id IS NULL THEN weight * progress ELSE 0 END), "
               "SUM(CASE WHEN parent_id IS NULL THEN weight ELSE 0 END), "
               "SUM(CASE WHEN status IN " +
                   task_open_sql() +
                   " AND deadline < $2 THEN 1 ELSE 0 END), "
                   "SUM(CASE WHEN parent_id IS NULL AND status IN " +
                   task_done_sql() +
                   " THEN 1 ELSE 0 END) "
                   "FROM tasks WHERE campaign_id = $1 AND work_area_id IS NOT NULL GROUP BY work_area_id",
               {campaign_id, today}));
  std::vector<AreaStats> out;
  for (auto& r : rows.rows) {
    AreaStats s;
    s.work_area_id = r.i64(0);
    s.tasks = r.i64(1);
    double w = r.f64(3);
    s.progress = w > 0 ? r.f64(2) / w : 0;
    s.overdue = r.i64(4);
    s.completed = r.i64(5);
    out.push_back(s);
  }
  return out;
}

}  // namespace lantian::store::campaigns
