#include "app/demo_ledgers.h"

#include <cmath>

#include "app/account_service.h"
#include "app/inspection_service.h"
#include "app/ledger_service.h"
#include "app/map_service.h"
#include "io/evidence_media.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

// What a step is called in an error: the demo script's bug, or a database
// that is not a fresh demo.
Error step(const std::string& what, Error e) {
  e.message = "demo ledgers, " + what + ": " + e.message;
  return e;
}

class Seeder {
 public:
  Seeder(store::Database& db, store::EvidenceStore& store, CalendarSource calendar)
      : db_(db),
        evidence_(db, store, clock_),
        tasks_(db, clock_, std::move(calendar)),
        ledgers_(db, clock_, evidence_, tasks_),
        inspections_(db, clock_, evidence_) {}

  Result<DemoLedgerSummary> run(int64_t campaign_id);

 private:
  Status load();
  void at(const char* when) { clock_.set(*parse_time(when)); }
  // Points inside the district, on a deterministic walk over its box.
  LngLat next_point();
  Result<int64_t> add(const std::string& who, const std::string& type, const std::string& unit,
                      std::vector<std::pair<std::string, RawValue>> fields);
  Status move(const std::string& who, int64_t row, const std::string& action,
              std::vector<std::pair<std::string, RawValue>> fields, int photos, const std::string& note = "",
              std::vector<int64_t> files = {});
  Status reduction_list();

  store::Database& db_;
  ManualClock clock_{TimePoint{}};
  EvidenceService evidence_;
  TaskService tasks_;
  LedgerService ledgers_;
  InspectionService inspections_;
  std::map<std::string, Actor> actors_;
  std::map<std::string, int64_t> units_;
  std::vector<Area> areas_;
  int walk_ = 0;
  std::string photo_;
  DemoLedgerSummary summary_;
};

Status Seeder::load() {
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    for (const char* name :
         {"office", "leader", "staff", "huanbao", "wangtun", "inspector", "fanta", "sanlibao"}) {
      LT_ASSIGN(auto u, store::users::get_by_username(tx, name));
      if (!u) return Error::not_found(std::string("the demo user '") + name + "' is missing");
      actors_[name] = actor_for(*u, 0, "demo-seed");
    }
    LT_ASSIGN(auto units, store::units::all(tx, "", false));
    for (const auto& u : units) units_[u.name] = u.id;
    return {};
  }));
  LT_ASSIGN(auto map, MapService::make({}));
  areas_ = map.areas();
  LT_ASSIGN(photo_, io::placeholder_jpeg(320, 240, 120, 140, 110));
  return {};
}

LngLat Seeder::next_point() {
  double w = 180, e = -180, s = 90, n = -90;
  for (const auto& a : areas_)
    for (const auto& p : a.polygons)
      for (const auto& q : p.outer)
        w = std::min(w, q.lng), e = std::max(e, q.lng), s = std::min(s, q.lat), n = std::max(n, q.lat);
  for (;;) {
    // A low-discrepancy walk (golden ratio): spread, repeatable.
    ++walk_;
    double fx = std::fmod(walk_ * 0.6180339887, 1.0), fy = std::fmod(walk_ * 0.7548776662, 1.0);
    LngLat p{w + (e - w) * fx, s + (n - s) * fy};
    for (const auto& a : areas_)
      if (contains(a, p)) return p;
  }
}

Result<int64_t> Seeder::add(const std::string& who, const std::string& type, const std::string& unit,
                            std::vector<std::pair<std::string, RawValue>> fields) {
  LedgerRowInput in;
  auto u = units_.find(unit);
  if (u == units_.end()) return Error::not_found("demo unit " + unit);
  in.unit_id = u->second;
  // 南郊乡's rows have no coordinates yet (as many a township's ledger): its
  // map shows what its people locate themselves.
  if (unit != "南郊乡") in.location = std::optional<LocationInput>(LocationInput{next_point(), Datum::wgs84});
  in.fields = std::move(fields);
  auto r = ledgers_.create(actors_.at(who), type, in);
  if (!r.ok()) return step("registering a " + type + " row", r.take_error());
  ++summary_.rows;
  return r->row.id;
}

Status Seeder::move(const std::string& who, int64_t row, const std::string& action,
                    std::vector<std::pair<std::string, RawValue>> fields, int photos, const std::string& note,
                    std::vector<int64_t> files) {
  const Actor& a = actors_.at(who);
  LedgerActionInput in;
  in.action = action;
  in.note = note;
  in.fields = std::move(fields);
  in.files = std::move(files);
  for (int i = 0; i < photos; ++i) {
    auto f = ledgers_.attach(a, row, {"现场照片（示例）.jpg", "image/jpeg", photo_});
    if (!f.ok()) return step("filing a photo for " + action, f.take_error());
    in.files.push_back(f->id);
  }
  auto cur = ledgers_.get(a, row);
  if (!cur.ok()) return step(action, cur.take_error());
  in.version = cur->row.version;
  auto r = ledgers_.act(a, row, in);
  if (!r.ok()) return step(action + " on row " + std::to_string(row), r.take_error());
  ++summary_.moves;
  return {};
}

Result<DemoLedgerSummary> Seeder::run(int64_t campaign_id) {
  LT_TRY(load());
  // Small coal boilers: registered in October, removed by the townships,
  // verified on site by 区环保局 (the lead department).
  at("2017-10-09T10:00:00+08:00");
  struct Boiler {
    const char* unit;
    const char* owner;
    double capacity;
    const char* kind;
    const char* disposition;
    int stage;  // 0 registered, 1 stopped, 2 removed, 3 verified
  };
  const Boiler boilers[] = {
      {"南郊乡", "南郊乡中心小学（示例）", 1, "boiler", "electric", 3},
      {"南郊乡", "南郊村洗浴中心（示例）", 0.5, "tea_bath_stove", "remove", 3},
      {"南郊乡", "宋城路饭店（示例）", 0.2, "cooking_stove", "gas", 2},
      {"南郊乡", "南郊乡卫生院（示例）", 2, "boiler", "gas", 1},
      {"南郊乡", "大李庄村豆腐坊（示例）", 0.1, "commercial_stove", "remove", 0},
      {"汪屯乡", "汪屯乡敬老院（示例）", 1, "boiler", "electric", 3},
      {"汪屯乡", "东郊村浴池（示例）", 0.5, "tea_bath_stove", "remove", 2},
      {"汪屯乡", "汪屯村食堂（示例）", 0.3, "cooking_stove", "gas", 0},
  };
  std::vector<std::pair<int64_t, const Boiler*>> rows;
  for (const auto& b : boilers) {
    std::string who = std::string(b.unit) == "南郊乡" ? "staff" : "wangtun";
    LT_ASSIGN(int64_t id, add(who, "coal_boilers", b.unit,
                              {{"owner_name", std::string(b.owner)},
                               {"boiler_number", std::string("1号")},
                               {"boiler_kind", std::string(b.kind)},
                               {"capacity", b.capacity},
                               {"fuel", std::string("raw_coal")},
                               {"use", std::string("heating")},
                               {"address", std::string(b.unit) + "（示例地址）"},
                               {"disposition", std::string(b.disposition)},
                               {"deadline", std::string("2017-10-31")},
                               {"responsible_person", std::string("环保专干（示例）")}}));
    rows.emplace_back(id, &b);
  }
  at("2017-10-16T15:00:00+08:00");
  for (const auto& [id, b] : rows) {
    std::string who = std::string(b->unit) == "南郊乡" ? "staff" : "wangtun";
    if (b->stage >= 1) LT_TRY(move(who, id, "stop", {{"stop_date", std::string("2017-10-16")}}, 1));
  }
  at("2017-10-27T16:00:00+08:00");
  for (const auto& [id, b] : rows) {
    std::string who = std::string(b->unit) == "南郊乡" ? "staff" : "wangtun";
    if (b->stage >= 2)
      LT_TRY(move(who, id, "report_removed", {{"removal_date", std::string("2017-10-27")}}, 2));
  }
  at("2017-11-03T10:30:00+08:00");
  for (const auto& [id, b] : rows)
    if (b->stage >= 3)
      LT_TRY(move("huanbao", id, "verify", {{"verification_date", std::string("2017-11-03")}}, 1));

  // Clean heating (双替代) in 南郊乡's villages, counted for the township's task.
  int64_t counted_task = 0;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto row,
              tx.query_one("SELECT t.id FROM tasks t JOIN work_areas a ON a.id = t.work_area_id "
                           "WHERE t.campaign_id = $1 AND a.code = 'clean_heating' AND t.owner_unit_id = $2 "
                           "AND t.target_value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tasks c WHERE "
                           "c.parent_id = t.id) ORDER BY t.id LIMIT 1",
                           {campaign_id, units_.at("南郊乡")}));
    if (row) counted_task = row->i64(0);
    return {};
  }));
  at("2017-11-06T09:00:00+08:00");
  std::vector<int64_t> households;
  const char* heads[] = {"张建国", "李秀英", "王德胜", "赵桂兰", "刘长海", "陈玉梅", "杨志强", "黄淑芬"};
  for (int i = 0; i < 8; ++i) {
    LT_ASSIGN(int64_t id,
              add("staff", "clean_heating_households", "南郊乡",
                  {{"village", std::string(i < 4 ? "南郊村" : "大李庄村")},
                   {"household_head", std::string(heads[i]) + "（示例）"},
                   {"address", std::string(i < 4 ? "南郊村" : "大李庄村") + std::to_string(i + 1) + "号"},
                   {"conversion_type", std::string(i % 3 == 0 ? "gas" : "electric")},
                   {"responsible_person", std::string("村支书（示例）")}}));
    households.push_back(id);
  }
  if (counted_task) {
    auto l = ledgers_.link_task(actors_.at("office"), counted_task, "clean_heating_households", 0);
    if (!l.ok()) return step("counting the 双替代 task from the ledger", l.take_error());
    ++summary_.counted_tasks;
  }
  at("2017-11-20T14:00:00+08:00");
  for (size_t i = 0; i < households.size(); ++i)
    if (i < 6)
      LT_TRY(move("staff", households[i], "install", {{"installation_date", std::string("2017-11-20")}}, 1));
  at("2017-12-01T14:00:00+08:00");
  for (size_t i = 0; i < households.size(); ++i)
    if (i < 5)
      LT_TRY(move("staff", households[i], "connect",
                  {{"connection_date", std::string("2017-12-01")}, {"loose_coal_cleared", true}}, 1));
  at("2017-12-08T10:00:00+08:00");
  for (size_t i = 0; i < households.size(); ++i)
    if (i < 3)
      LT_TRY(move("office", households[i], "accept", {{"acceptance_date", std::string("2017-12-08")}}, 1));

  // Construction sites under the six 100 % rules, two inspected.
  at("2017-11-01T09:00:00+08:00");
  const char* sites[] = {"繁塔西路棚户区改造项目（示例）", "三里堡安置房二期（示例）",
                         "汪屯乡道路拓宽工程（示例）"};
  const char* site_units[] = {"繁塔街道办事处", "三里堡街道办事处", "汪屯乡"};
  const char* site_users[] = {"fanta", "sanlibao", "wangtun"};
  std::vector<int64_t> site_rows;
  for (int i = 0; i < 3; ++i) {
    LT_ASSIGN(int64_t id, add(site_users[i], "construction_sites", site_units[i],
                              {{"project_name", std::string(sites[i])},
                               {"project_type", std::string(i == 2 ? "road" : "building")},
                               {"address", std::string(site_units[i]) + "（示例地址）"},
                               {"builder", std::string("开封市某置业有限公司（示例）")},
                               {"contractor", std::string("河南某建设集团有限公司（示例）")}}));
    site_rows.push_back(id);
  }
  at("2017-12-12T10:00:00+08:00");
  for (int i = 0; i < 2; ++i) {
    InspectionInput in;
    in.checklist = "construction_six";
    in.ledger_row_id = site_rows[size_t(i)];
    in.person_met = "项目经理（示例）";
    in.location = next_point();
    for (const char* code : {"fencing", "covering", "vehicle_washing", "ground_hardening", "wet_demolition",
                             "covered_transport"}) {
      InspectionItem it;
      it.code = code;
      it.result = i == 1 && std::string(code) == "covering" ? "fail" : "pass";
      if (it.result == "fail") {
        it.note = "北侧土方约200平方米未覆盖（示例）";
        it.open_problem = true;
      }
      in.items.push_back(std::move(it));
    }
    auto r = inspections_.create(actors_.at("inspector"), in);
    if (!r.ok()) return step("inspecting a site", r.take_error());
    auto f = inspections_.attach(actors_.at("inspector"), r->inspection.id,
                                 {"现场.jpg", "image/jpeg", photo_}, false);
    if (!f.ok()) return step("filing an inspection photo", f.take_error());
    ++summary_.inspections;
  }
  LT_TRY(reduction_list());
  return summary_;
}

// The emergency reduction list (应急减排清单): industry, a site and a haulier
// with their baselines and plant plans, reviewed onto the list by 区环保局;
// one plan still under review and one source listed without baselines. The
// list cuts enough SO2, NOx and PM at every level, but the furniture
// factory's VOCs are most of the list's and it only cuts production: VOCs
// fall short at yellow, orange and red.
Status Seeder::reduction_list() {
  struct Source {
    const char* unit;
    const char* who;
    const char* name;
    const char* type;
    double so2, nox, pm, vocs;  // t/d; < 0 = not given
    const char* measure[3];     // yellow, orange, red
    double cut[3];              // % (a stop needs none)
    bool listed;
  };
  const Source sources[] = {
      {"南郊乡",
       "staff",
       "南郊乡红星砖瓦厂（示例）",
       "industrial",
       0.8,
       0.6,
       0.5,
       0.05,
       {"cut_production", "cut_production", "stop_lines"},
       {30, 50, 0},
       true},
      {"汪屯乡",
       "wangtun",
       "汪屯乡精工铸造有限公司（示例）",
       "industrial",
       0.3,
       0.4,
       0.35,
       0.1,
       {"cut_production", "cut_production", "cut_production"},
       {20, 40, 60},
       true},
      {"汪屯乡",
       "wangtun",
       "汪屯乡木艺家具厂（示例）",
       "industrial",
       0,
       0,
       0.05,
       1.2,
       {"cut_production", "cut_production", "cut_production"},
       {5, 10, 15},
       true},
      {"繁塔街道办事处",
       "fanta",
       "繁塔西路棚户区改造项目（示例）",
       "dust",
       0,
       0,
       0.4,
       0,
       {"stop_earthwork", "stop_earthwork", "stop_earthwork"},
       {0, 0, 0},
       true},
      {"三里堡街道办事处",
       "sanlibao",
       "三里堡建材运输车队（示例）",
       "mobile",
       0.01,
       0.5,
       0.1,
       0.02,
       {"other", "stop_transport", "stop_transport"},
       {10, 0, 0},
       true},
      {"南郊乡",
       "staff",
       "南郊乡粮油加工厂（示例）",
       "industrial",
       -1,
       -1,
       -1,
       -1,
       {"cut_production", "cut_production", "stop_lines"},
       {20, 30, 0},
       true},
      {"南郊乡",
       "staff",
       "南郊乡彩印包装厂（示例）",
       "industrial",
       0,
       0,
       0.02,
       0.3,
       {"cut_production", "stop_lines", "stop_lines"},
       {50, 0, 0},
       false},
  };
  const char* levels[] = {"yellow", "orange", "red"};
  const char* texts[] = {"限产或停止部分工序，减少物料装卸（示例）", "停止高排放工序，物料全部入棚（示例）",
                         "全厂停产或停止作业，保留必要保温（示例）"};
  static const std::string kPlan = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  at("2017-11-08T10:00:00+08:00");
  for (const auto& src : sources) {
    std::vector<std::pair<std::string, RawValue>> fields = {
        {"source_name", std::string(src.name)},
        {"source_type", std::string(src.type)},
        {"address", std::string(src.unit) + "（示例地址）"},
        {"responsible_person", std::string("环保专干（示例）")},
        {"contact_person", std::string("安全环保负责人（示例）")},
        {"signboard_posted", src.listed}};
    const std::pair<const char*, double> baselines[] = {{"baseline_so2", src.so2},
                                                        {"baseline_nox", src.nox},
                                                        {"baseline_pm", src.pm},
                                                        {"baseline_vocs", src.vocs}};
    for (const auto& [field, v] : baselines)
      if (v >= 0) fields.emplace_back(field, v);
    for (int l = 0; l < 3; ++l) {
      const std::string level = levels[l];
      fields.emplace_back(level + "_measure", std::string(src.measure[l]));
      fields.emplace_back(level + "_measures", std::string(texts[l]));
      if (src.cut[l] > 0) fields.emplace_back(level + "_cut", src.cut[l]);
    }
    LT_ASSIGN(int64_t id, add(src.who, "emergency_reduction_list", src.unit, std::move(fields)));
    auto plan = ledgers_.attach(actors_.at(src.who), id, {"一厂一策（示例）.pdf", "application/pdf", kPlan});
    if (!plan.ok()) return step("filing a plant plan", plan.take_error());
    LT_TRY(move(src.who, id, "submit", {}, 0, "", {plan->id}));
    if (src.listed) LT_TRY(move("huanbao", id, "approve", {{"approval_date", std::string("2017-11-15")}}, 0));
  }
  return {};
}

}  // namespace

Result<DemoLedgerSummary> seed_demo_ledgers(store::Database& db, store::EvidenceStore& evidence,
                                            int64_t campaign_id, CalendarSource calendar) {
  Seeder s(db, evidence, std::move(calendar));
  return s.run(campaign_id);
}

}  // namespace lantian::app
