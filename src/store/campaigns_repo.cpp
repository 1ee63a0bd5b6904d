#include "store/campaigns_repo.h"

#include "store/json_columns.h"
#include "store/workflow_sql.h"

namespace lantian::store::campaigns {
namespace {

constexpr std::string_view kSelect =
    "SELECT c.id, c.name, c.start_date, c.end_date, c.jurisdiction_unit_id, j.name, c.office_unit_id, "
    "o.name, "
    "c.description, c.targets, c.documents, c.status, c.version, c.created_at, c.updated_at "
    "FROM campaigns c JOIN units j ON j.id = c.jurisdiction_unit_id JOIN units o ON o.id = c.office_unit_id";

Campaign from_row(Row& r) {
  Campaign c;
  c.id = r.i64(0);
  c.name = r.take_str(1);
  c.start_date = r.take_str(2);
  c.end_date = r.take_str(3);
  c.jurisdiction_unit_id = r.i64(4);
  c.jurisdiction_unit_name = r.take_str(5);
  c.office_unit_id = r.i64(6);
  c.office_unit_name = r.take_str(7);
  c.description = r.take_str(8);
  c.targets = targets_from_json(r.str(9));
  c.documents = documents_from_json(r.str(10));
  c.status = r.take_str(11);
  c.version = r.i64(12);
  c.created_at = r.take_str(13);
  c.updated_at = r.take_str(14);
  return c;
}

constexpr std::string_view kAreaSelect =
    "SELECT a.id, a.campaign_id, a.code, a.name, a.sort_order, a.lead_unit_id, u.name, a.leader_name, "
    "a.leader_phone, a.description, a.version, a.created_at, a.updated_at "
    "FROM work_areas a LEFT JOIN units u ON u.id = a.lead_unit_id";

WorkArea area_from_row(Row& r) {
  WorkArea a;
  a.id = r.i64(0);
  a.campaign_id = r.i64(1);
  a.code = r.take_str(2);
  a.name = r.take_str(3);
  a.sort_order = int(r.i64(4));
  if (!r.is_null(5)) a.lead_unit_id = r.i64(5);
  a.lead_unit_name = r.take_str(6);
  a.leader = {r.take_str(7), r.take_str(8)};
  a.description = r.take_str(9);
  a.version = r.i64(10);
  a.created_at = r.take_str(11);
  a.updated_at = r.take_str(12);
  return a;
}

Status load_cooperating(Tx& tx, std::vector<WorkArea>& areas) {
  for (auto& a : areas) {
    LT_ASSIGN(auto rows,
              tx.query("SELECT u.id, u.name FROM work_area_units w JOIN units u ON u.id = w.unit_id "
                       "WHERE w.work_area_id = $1 ORDER BY u.path",
                       {a.id}));
    for (auto& r : rows.rows) a.cooperating_units.push_back({r.i64(0), r.take_str(1)});
  }
  return {};
}

Status save_cooperating(Tx& tx, const WorkArea& a) {
  LT_TRY(tx.exec("DELETE FROM work_area_units WHERE work_area_id = $1", {a.id}));
  for (const auto& u : a.cooperating_units)
    LT_TRY(tx.exec("INSERT INTO work_area_units (work_area_id, unit_id) VALUES ($1, $2)", {a.id, u.id}));
  return {};
}

Value opt_id(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

}  // namespace

Result<std::optional<Campaign>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE c.id = $1", {id}));
  if (!row) return std::optional<Campaign>();
  return std::optional<Campaign>(from_row(*row));
}

Result<std::vector<Campaign>> all(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query(std::string(kSelect) + " ORDER BY c.start_date DESC, c.id DESC", {}));
  std::vector<Campaign> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<Campaign> insert(Tx& tx, Campaign c, const std::string& now) {
  LT_ASSIGN(
      auto row,
      tx.query_one("INSERT INTO campaigns (name, start_date, end_date, jurisdiction_unit_id, "
                   "office_unit_id, description, targets, documents, status, version, created_at, "
                   "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id",
                   {c.name, c.start_date, c.end_date, c.jurisdiction_unit_id, c.office_unit_id, c.description,
                    targets_to_json(c.targets), documents_to_json(c.documents), c.status, now}));
  c.id = row->i64(0);
  c.version = 1;
  c.created_at = c.updated_at = now;
  return c;
}

Result<bool> update(Tx& tx, const Campaign& c, const std::string& now) {
  LT_ASSIGN(auto n, tx.exec("UPDATE campaigns SET name = $1, start_date = $2, end_date = $3, "
                            "jurisdiction_unit_id = $4, office_unit_id = $5, description = $6, targets = $7, "
                            "documents = $8, status = $9, version = version + 1, updated_at = $10 "
                            "WHERE id = $11 AND version = $12",
                            {c.name, c.start_date, c.end_date, c.jurisdiction_unit_id, c.office_unit_id,
                             c.description, targets_to_json(c.targets), documents_to_json(c.documents),
                             c.status, now, c.id, c.version}));
  return n == 1;
}

Result<std::optional<WorkArea>> get_area(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kAreaSelect) + " WHERE a.id = $1", {id}));
  if (!row) return std::optional<WorkArea>();
  std::vector<WorkArea> one{area_from_row(*row)};
  LT_TRY(load_cooperating(tx, one));
  return std::optional<WorkArea>(std::move(one[0]));
}

Result<std::vector<WorkArea>> areas(Tx& tx, int64_t campaign_id) {
  LT_ASSIGN(auto rows,
            tx.query(std::string(kAreaSelect) + " WHERE a.campaign_id = $1 ORDER BY a.sort_order, a.id",
                     {campaign_id}));
  std::vector<WorkArea> out;
  for (auto& r : rows.rows) out.push_back(area_from_row(r));
  LT_TRY(load_cooperating(tx, out));
  return out;
}

Result<WorkArea> insert_area(Tx& tx, WorkArea a, const std::string& now) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO work_areas (campaign_id, code, name, sort_order, lead_unit_id, "
                         "leader_name, leader_phone, description, version, created_at, updated_at) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id",
                         {a.campaign_id, a.code, a.name, int64_t(a.sort_order), opt_id(a.lead_unit_id),
                          a.leader.name, a.leader.phone, a.description, now}));
  a.id = row->i64(0);
  a.version = 1;
  a.created_at = a.updated_at = now;
  LT_TRY(save_cooperating(tx, a));
  return a;
}

Result<bool> update_area(Tx& tx, const WorkArea& a, const std::string& now) {
  LT_ASSIGN(auto n,
            tx.exec("UPDATE work_areas SET name = $1, sort_order = $2, lead_unit_id = $3, leader_name = $4, "
                    "leader_phone = $5, description = $6, version = version + 1, updated_at = $7 "
                    "WHERE id = $8 AND version = $9",
                    {a.name, int64_t(a.sort_order), opt_id(a.lead_unit_id), a.leader.name, a.leader.phone,
                     a.description, now, a.id, a.version}));
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
