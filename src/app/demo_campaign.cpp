#include "app/demo_campaign.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>

#include "app/account_service.h"
#include "app/campaign_service.h"
#include "app/report_request_service.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

constexpr const char* kCampaignName = "禹王台区2017—2018年秋冬季大气污染综合治理攻坚行动";

// Units of demo_data.cpp, by the names the plan uses.
constexpr const char* kDistrict = "禹王台区人民政府";
constexpr const char* kOffice = "区大气污染防治攻坚办公室";
constexpr const char* kGroup = "区环境污染防治督导组";
constexpr const char* kEnv = "区环境保护局";
constexpr const char* kAic = "区工商行政管理局";
constexpr const char* kFda = "区食品药品监督管理局";
constexpr const char* kDrc = "区发展和改革委员会";
constexpr const char* kHousing = "区住房和城乡建设局";
constexpr const char* kUrban = "区城市管理局";
constexpr const char* kIndustry = "区工业和信息化局";
constexpr const char* kCommerce = "区商务局";
constexpr const char* kTransport = "区交通运输局";
constexpr const char* kQuality = "区质量技术监督局";
constexpr const char* kLand = "区国土资源局";
constexpr const char* kFarm = "区农林水利局";
constexpr const char* kSafety = "区安全生产监督管理局";
constexpr const char* kPolice = "开封市公安局禹王台分局";
constexpr const char* kSanlibao = "三里堡街道办事处";
constexpr const char* kXinmenguan = "新门关街道办事处";
constexpr const char* kFanta = "繁塔街道办事处";
constexpr const char* kGuanfang = "官坊街道办事处";
constexpr const char* kCaishi = "菜市街道办事处";
constexpr const char* kNanjiao = "南郊乡";
constexpr const char* kWangtun = "汪屯乡";

// The extra demo accounts: one unit_leader per territory and lead department
// (南郊乡 already has `leader` and `staff` from seed_demo).
struct ExtraUser {
  const char* username;
  const char* unit;
  const char* name;
  const char* position;
};
constexpr ExtraUser kExtraUsers[] = {
    {"sanlibao", kSanlibao, "三里堡街道负责人（示例）", "办事处主任"},
    {"xinmenguan", kXinmenguan, "新门关街道负责人（示例）", "办事处主任"},
    {"fanta", kFanta, "繁塔街道负责人（示例）", "办事处主任"},
    {"guanfang", kGuanfang, "官坊街道负责人（示例）", "办事处主任"},
    {"caishi", kCaishi, "菜市街道负责人（示例）", "办事处主任"},
    {"wangtun", kWangtun, "汪屯乡负责人（示例）", "乡长"},
    {"huanbao", kEnv, "区环保局负责人（示例）", "局长"},
    {"gongshang", kAic, "区工商局负责人（示例）", "局长"},
    {"shiyaojian", kFda, "区食药监局负责人（示例）", "局长"},
    {"fagai", kDrc, "区发改委负责人（示例）", "主任"},
    {"zhujian", kHousing, "区住建局负责人（示例）", "局长"},
    {"chengguan", kUrban, "区城管局负责人（示例）", "局长"},
    {"gongxin", kIndustry, "区工信局负责人（示例）", "局长"},
    {"shangwu", kCommerce, "区商务局负责人（示例）", "局长"},
};

// 2000 -> "2000", 12.5 -> "12.5".
std::string fmt_number(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

Error in_step(Error e, const std::string& step) {
  e.message = "demo campaign, " + step + ": " + e.message;
  for (const auto& f : e.fields) e.message += " [" + f.field + ": " + f.message + "]";
  return e;
}

// One allocation of a quantity to a unit.
struct Share {
  const char* unit;
  double target;
};

// A report in a leaf's (or parent's) history: cumulative quantity for a task
// with a target, percent for one without, nothing for a parent.
struct Step {
  const char* date;
  std::optional<double> value;
  const char* note = "";
};

// What happens to one task over the campaign.
struct Script {
  std::string key;
  std::vector<Step> reports;
  const char* complete = nullptr;  // date the owner reports it done
  const char* accept = nullptr;    // date the lead unit (or office) accepts
  const char* ret = nullptr;       // date the lead unit returns it ...
  const char* ret_note = "";       // ... with this reason
  const char* resume = nullptr;    // date the owner resumes after a return
  const char* complete_again = nullptr;
  const char* accept_again = nullptr;
};

class Seeder {
 public:
  Seeder(store::Database& db, CalendarSource calendar, AuthConfig auth)
      : db_(db),
        clock_(*parse_time("2017-09-30T08:30:00+08:00")),
        campaigns_(db, clock_),
        tasks_(db, clock_, std::move(calendar)),
        accounts_(db, clock_, auth) {}

  Result<DemoCampaignSummary> run();

 private:
  // --- time ---
  // Moves the clock to a Shanghai wall-clock time; never backwards, so the
  // audit log reads in order.
  Status at(const std::string& date, const char* hhmm) {
    auto t = parse_time(date + "T" + hhmm + ":00+08:00");
    if (!t) return Error::internal("demo campaign: bad time " + date + " " + hhmm);
    if (*t < clock_.now()) return Error::internal("demo campaign: the timeline runs backwards at " + date);
    clock_.set(*t);
    return {};
  }

  // --- people and units ---
  Status load();
  Status create_users();
  int64_t uid(const std::string& name) {
    auto it = units_.find(name);
    if (it == units_.end()) {
      missing_ = name;
      return 0;
    }
    return it->second.id;
  }
  // The demo user who acts for a unit: its own leader, else the nearest
  // unit above that has one (a township's leader reports for its villages).
  std::optional<std::string> user_for(const std::string& unit_name) const {
    auto it = units_.find(unit_name);
    if (it == units_.end()) return std::nullopt;
    std::string path = it->second.path;
    while (!path.empty()) {
      for (const auto& [name, u] : units_)
        if (u.path == path) {
          auto who = unit_user_.find(name);
          if (who != unit_user_.end()) return who->second;
        }
      path = path.substr(0, path.find_last_of('/', path.size() - 2) + 1);
      if (path == "/") break;
    }
    return std::nullopt;
  }
  // Who files reports for a unit's tasks: as above, except that in 南郊乡 the
  // environmental officer (`staff`) reports and the leader checks.
  std::string reporter_for(const std::string& unit_name) const {
    std::string who = user_for(unit_name).value_or("office");
    return who == "leader" ? "staff" : who;
  }
  const Actor& actor(const std::string& username) { return actors_.at(username); }

  // --- tasks ---
  TaskInput spec(const std::string& code, const std::string& title, const std::string& owner,
                 const std::string& deadline);
  // A top-level task (the office creates it; the office checks it).
  Status top(const std::string& key, TaskInput in, const std::string& area_code);
  // Splits a task among units, quantities adding up exactly to the parent's.
  Status split(const std::string& parent_key, const std::string& by, const std::vector<Share>& shares,
               const std::function<void(TaskInput&)>& adjust = {});
  Status decompose(const std::string& parent_key, const std::string& by,
                   std::vector<std::pair<std::string, TaskInput>> subtasks);
  Result<Task> current(int64_t id) {
    LT_ASSIGN(auto d, tasks_.get(actor("office"), id));
    return d.task;
  }

  // --- the timeline ---
  void later(const std::string& date, const char* hhmm, std::string what, std::function<Status()> fn) {
    events_.push_back({date + "T" + hhmm, seq_++, date, hhmm, std::move(what), std::move(fn)});
  }
  void play(const Script& s);
  Status report(const std::string& key, const Step& step);
  Status act(const std::string& key, const std::string& by, const std::string& action,
             const std::string& note);

  struct Event {
    std::string when;
    int seq;
    std::string date;
    const char* hhmm;
    std::string what;
    std::function<Status()> fn;
  };

  store::Database& db_;
  ManualClock clock_;
  CampaignService campaigns_;
  TaskService tasks_;
  ReportRequestService requests_{db_, clock_, tasks_};
  AccountService accounts_;
  Campaign campaign_;
  std::map<std::string, int64_t> areas_;          // code -> id
  std::map<std::string, Unit> units_;             // name -> unit
  std::map<std::string, std::string> unit_user_;  // unit name -> username
  std::map<std::string, Actor> actors_;           // username -> actor
  std::map<std::string, int64_t> user_ids_;
  std::map<std::string, int64_t> ids_;  // task key -> id
  std::map<std::string, Task> tasks_by_key_;
  std::string missing_;
  std::string bad_key_;  // a script named a task that does not exist
  std::vector<Event> events_;
  int seq_ = 0;
  DemoCampaignSummary summary_;
};

Status Seeder::load() {
  std::vector<Unit> units;
  std::vector<User> users;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(units, store::units::all(tx, "", false));
    for (const char* name : {"office", "leader", "staff"}) {
      LT_ASSIGN(auto u, store::users::get_by_username(tx, name));
      if (!u)
        return Error::not_found(std::string("the demo user '") + name + "' is missing (run seed_demo first)");
      users.push_back(std::move(*u));
    }
    return {};
  }));
  for (auto& u : units) units_[u.name] = u;
  for (auto& u : users) {
    actors_[u.username] = actor_for(u, 0, "demo-seed");
    user_ids_[u.username] = u.id;
  }
  unit_user_[kOffice] = "office";
  unit_user_[kNanjiao] = "leader";
  return {};
}

Status Seeder::create_users() {
  Actor sys = Actor::system("init");
  for (const auto& e : kExtraUsers) {
    UserInput in;
    in.username = e.username;
    in.name = e.name;
    in.unit_id = uid(e.unit);
    in.roles = std::vector<std::string>{"unit_leader"};
    in.position = e.position;
    std::string pw = random_password();
    in.password = pw;
    auto created = accounts_.create(sys, in);
    if (!created.ok()) return in_step(created.take_error(), std::string("creating user ") + e.username);
    std::optional<User> u;
    LT_TRY(db_.read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(u, store::users::get_by_username(tx, e.username));
      return {};
    }));
    actors_[e.username] = actor_for(*u, 0, "demo-seed");
    user_ids_[e.username] = u->id;
    unit_user_[e.unit] = e.username;
    summary_.logins.push_back({e.username, pw, "unit_leader", e.unit});
  }
  return {};
}

TaskInput Seeder::spec(const std::string& code, const std::string& title, const std::string& owner,
                       const std::string& deadline) {
  TaskInput in;
  in.code = code;
  in.title = title;
  in.owner_unit_id = uid(owner);
  if (!deadline.empty()) in.deadline = deadline;
  // Who answers for it: the unit's demo account where it has one, otherwise
  // a placeholder name.
  auto who = unit_user_.find(owner);
  if (who != unit_user_.end() && who->second != "leader")
    in.responsible_user_id = std::optional<int64_t>(user_ids_.at(who->second));
  else if (owner == kNanjiao)
    in.responsible_user_id = std::optional<int64_t>(user_ids_.at("staff"));
  else
    in.responsible_person = Person{owner + "负责人（示例）", ""};
  auto u = units_.find(owner);
  if (u != units_.end() && !u->second.government_head.name.empty())
    in.responsible_leader = u->second.government_head;
  else
    in.responsible_leader = Person{owner + "主要负责人（示例）", ""};
  return in;
}

Status Seeder::top(const std::string& key, TaskInput in, const std::string& area_code) {
  in.campaign_id = campaign_.id;
  in.work_area_id = std::optional<int64_t>(areas_.at(area_code));
  in.lead_unit_id = uid(kOffice);  // 区攻坚办 checks the departments' work on the spot
  std::string title = in.title.value_or("");
  auto r = tasks_.create(actor("office"), in);
  if (!r.ok()) return in_step(r.take_error(), "task " + key + " " + title + missing_);
  ids_[key] = r->task.id;
  tasks_by_key_[key] = r->task;
  return {};
}

Status Seeder::decompose(const std::string& parent_key, const std::string& by,
                         std::vector<std::pair<std::string, TaskInput>> subtasks) {
  std::vector<TaskInput> ins;
  for (auto& [k, in] : subtasks) ins.push_back(in);
  auto r = tasks_.decompose(actor(by), ids_.at(parent_key), ins);
  if (!r.ok()) return in_step(r.take_error(), "decomposing " + parent_key + missing_);
  for (size_t i = 0; i < subtasks.size(); ++i) {
    ids_[subtasks[i].first] = (*r)[i].task.id;
    tasks_by_key_[subtasks[i].first] = (*r)[i].task;
  }
  return {};
}

Status Seeder::split(const std::string& parent_key, const std::string& by, const std::vector<Share>& shares,
                     const std::function<void(TaskInput&)>& adjust) {
  const Task& parent = tasks_by_key_.at(parent_key);
  // "…（南郊乡）" split again becomes "…（南郊村）", not "…（南郊乡）（南郊村）".
  std::string base = parent.title;
  if (parent.parent_id) {
    auto p = base.rfind("（");
    if (p != std::string::npos && base.size() >= 3 && base.compare(base.size() - 3, 3, "）") == 0)
      base = base.substr(0, p);
  }
  std::vector<std::pair<std::string, TaskInput>> subs;
  int n = 0;
  for (const auto& s : shares) {
    TaskInput in = spec(parent.code.empty() ? "" : parent.code + "." + std::to_string(++n),
                        base + "（" + s.unit + "）", s.unit, parent.deadline);
    if (parent.target_value) {
      in.measure_unit = parent.measure_unit;
      in.target_value = std::optional<double>(s.target);
    }
    if (adjust) adjust(in);
    subs.emplace_back(parent_key + "/" + s.unit, std::move(in));
  }
  return decompose(parent_key, by, std::move(subs));
}

Status Seeder::report(const std::string& key, const Step& step) {
  const Task& t = tasks_by_key_.at(key);
  std::string who = reporter_for(t.owner_unit_name);
  ReportInput in;
  in.report_date = step.date;
  std::string text = step.note;
  if (step.value && t.target_value) {
    in.achieved_value = *step.value;
    double left = std::max(0.0, *t.target_value - *step.value);
    std::string head = "截至" + std::string(step.date).substr(5) + "累计完成" + fmt_number(*step.value) +
                       t.measure_unit + "（目标" + fmt_number(*t.target_value) + t.measure_unit + "）";
    head += left > 0 ? "，尚余" + fmt_number(left) + t.measure_unit + "。" : "，已全部完成。";
    text = head + text;
  } else if (step.value) {
    in.percent = *step.value;
    if (text.empty()) text = "工作推进约" + fmt_number(*step.value) + "%。";
  }
  if (text.empty()) text = "按计划推进。";
  in.narrative = text;
  auto r = tasks_.report(actor(who), ids_.at(key), in);
  if (!r.ok()) return in_step(r.take_error(), "report on " + key + " of " + step.date);
  summary_.reports++;
  return {};
}

Status Seeder::act(const std::string& key, const std::string& by, const std::string& action,
                   const std::string& note) {
  LT_ASSIGN(auto cur, current(ids_.at(key)));
  auto r = tasks_.act(actor(by), cur.id, action, cur.version, note);
  if (!r.ok()) return in_step(r.take_error(), action + " " + key + " by " + by);
  return {};
}

void Seeder::play(const Script& s) {
  auto found = tasks_by_key_.find(s.key);
  if (found == tasks_by_key_.end()) {
    bad_key_ = s.key;
    return;
  }
  const Task& t = found->second;
  std::string key = s.key;
  std::string owner = reporter_for(t.owner_unit_name);
  // The lead unit checks the work; where it has no demo account, the office.
  std::string lead = "office";
  if (auto it = unit_user_.find(t.lead_unit_name); it != unit_user_.end()) lead = it->second;
  for (const auto& step : s.reports)
    later(step.date, "15:00", "report " + key, [this, key, step] { return report(key, step); });
  if (s.complete)
    later(s.complete, "15:30", "complete " + key, [=, this] { return act(key, owner, "complete", ""); });
  if (s.ret)
    later(s.ret, "10:00", "return " + key, [=, this] { return act(key, lead, "return", s.ret_note); });
  if (s.resume)
    later(s.resume, "09:30", "resume " + key, [=, this] { return act(key, owner, "resume", ""); });
  if (s.complete_again)
    later(s.complete_again, "15:30", "complete " + key,
          [=, this] { return act(key, owner, "complete", ""); });
  if (s.accept) later(s.accept, "10:00", "accept " + key, [=, this] { return act(key, lead, "accept", ""); });
  if (s.accept_again)
    later(s.accept_again, "10:00", "accept " + key, [=, this] { return act(key, lead, "accept", ""); });
}

Result<DemoCampaignSummary> Seeder::run() {
  LT_TRY(load());
  LT_TRY(create_users());  // 2017-09-30 08:30

  // ---- 2017-09-30 09:00: the office sets up the campaign ----
  LT_TRY(at("2017-09-30", "09:00"));
  CampaignInput ci;
  ci.name = kCampaignName;
  ci.start_date = "2017-10-01";
  ci.end_date = "2018-03-31";
  ci.status = "active";
  ci.jurisdiction_unit_id = uid(kDistrict);
  ci.office_unit_id = uid(kOffice);
  ci.description =
      "落实京津冀及周边地区2017—2018年秋冬季大气污染综合治理攻坚行动方案（环大气〔2017〕110号）和开封市攻坚行"
      "动部署。"
      "按照“任务分解、工作落实、责任履行、催促检查、考核问责”五个到位的要求，十二项重点工作逐项明确牵头单位、"
      "责任领导和"
      "配合单位，任务逐级分解到各乡、办事处和区直部门，落实到人；区攻坚办负责协调、催报和实地核查，区环境污染"
      "防治督导组"
      "跟进督查、量化问责。\n（演示数据：人员姓名和各项数量均为示例，不是禹王台区的实际数据。）";
  auto target = [](const char* name, const char* indicator, std::optional<double> baseline,
                   std::optional<double> goal, const char* unit, const char* direction, const char* note) {
    CampaignTarget t;
    t.name = name;
    t.indicator = indicator;
    t.baseline = baseline;
    t.target = goal;
    t.unit = unit;
    t.direction = direction;
    t.note = note;
    return t;
  };
  ci.targets = std::vector<CampaignTarget>{
      target("PM2.5 平均浓度", "pm25_mean", 92, 78.2, "µg/m³", "decrease",
             "同比下降15%（2017年10月—2018年3月）；基数92为示例值，非监测数据"),
      target("重污染天数", "heavy_pollution_days", 27, 23, "天", "decrease",
             "同比下降15%；基数27天为示例值，非监测数据"),
      target("“散乱污”企业整治完成率", "scattered_polluting_cleared", std::nullopt, 100, "%", "increase",
             "排查出的“散乱污”企业全部完成分类整治，动态清零"),
      target("清洁取暖“双替代”户数", "clean_heating_households", std::nullopt, 2000, "户", "increase",
             "电代煤、气代煤，采暖季前完成（示例数量）"),
      target("燃煤小锅炉淘汰", "small_coal_boilers_removed", std::nullopt, 27, "台", "increase",
             "10蒸吨/小时及以下，2017年10月底前（示例数量）"),
      target("加油站油气回收治理", "gas_stations_vapour_recovery", std::nullopt, 14, "座", "increase",
             "一、二次油气回收治理并检测合格（示例数量）"),
  };
  auto doc = [](const char* title, const char* number, const char* date) {
    return SourceDocument{title, number, date};
  };
  ci.documents = std::vector<SourceDocument>{
      doc("京津冀及周边地区2017—2018年秋冬季大气污染综合治理攻坚行动方案", "环大气〔2017〕110号", ""),
      doc("京津冀及周边地区2017—2018年秋冬季大气污染综合治理攻坚行动量化问责规定", "环督察〔2017〕115号",
          "2017-08-28"),
      doc("京津冀及周边地区2017年大气污染防治工作方案", "环大气〔2017〕29号", ""),
      doc("重污染天气预警分级标准和应急减排措施修订工作方案", "环大气〔2017〕86号", ""),
  };
  auto created = campaigns_.create(actor("office"), ci);
  if (!created.ok()) return in_step(created.take_error(), "creating the campaign" + missing_);
  campaign_ = *created;
  summary_.campaign_id = campaign_.id;

  // ---- 09:10: who leads each work area ----
  LT_TRY(at("2017-09-30", "09:10"));
  auto overview = campaigns_.overview(actor("office"), campaign_.id);
  if (!overview.ok()) return in_step(overview.take_error(), "reading the work areas");
  struct AreaPlan {
    const char* code;
    const char* lead;
    const char* leader;
    std::vector<const char*> cooperating;
    const char* description;
  };
  const char* kVice1 = "分管环保工作副区长（示例）";
  const char* kVice2 = "分管城建工作副区长（示例）";
  const char* kVice3 = "分管工业工作副区长（示例）";
  const char* kExec = "常务副区长（示例）";
  const AreaPlan plans[] = {
      {"scattered_polluting",
       kAic,
       kVice1,
       {kEnv, kFda, kLand, kSafety, kPolice},
       "先停后治、两断三清；发现一起、查处一起，杜绝反弹，杜绝外区域已取缔企业迁入；乡办落实属地责任。"},
      {"small_boilers",
       kEnv,
       kVice1,
       {kQuality, kDrc},
       "10蒸吨/小时及以下燃煤锅炉及茶浴炉、经营性小煤炉2017年10月底前淘汰拆除。"},
      {"clean_heating",
       kDrc,
       kExec,
       {kHousing, kAic, kFda, kFarm},
       "电代煤、气代煤按节点完成；“两散”工作工商局、食药监局牵头，各乡办确保散煤禁烧。"},
      {"industrial_treatment",
       kEnv,
       kVice3,
       {kIndustry},
       "重点工业企业提标治理，10月底前未完成的依法停产整治。"},
      {"elimination_relocation", kIndustry, kVice3, {kDrc, kLand, kEnv}, "建成区重污染企业关停、搬迁。"},
      {"emission_permits", kEnv, kVice1, {}, "重点行业排污许可证按期核发。"},
      {"vocs", kEnv, kVice1, {kIndustry, kCommerce, kTransport}, "汽修、印刷、家具制造等涉VOCs企业治理。"},
      {"industrial_dust", kIndustry, kVice3, {kEnv}, "料场堆场全封闭、密闭输送、车辆冲洗。"},
      {"gas_stations", kCommerce, kVice3, {kEnv, kQuality, kSafety}, "加油站一、二次油气回收治理及检测。"},
      {"construction_dust",
       kHousing,
       kVice2,
       {kUrban, kLand, kTransport},
       "施工工地“六个百分百”：围挡、覆盖、冲洗、硬化、湿法作业、渣土车密闭运输。"},
      {"staggered_production", kIndustry, kVice3, {kDrc, kEnv}, "采暖季（2017-11-15—2018-03-15）错峰生产。"},
      {"heavy_pollution_emergency",
       kEnv,
       kExec,
       {kPolice, kHousing, kUrban, kIndustry},
       "应急减排清单一厂一策；预警期间措施落实到位。"},
      {"inspection_rectification",
       kOffice,
       kExec,
       {kGroup, kEnv},
       "环保部巡查组督办问题责任到单位、到人，按督办单时限整改；区攻坚办实地核查，适时“回头看”防反弹。"},
      {"regional_action_plans", kOffice, kExec, {kGroup}, "对照区域攻坚方案逐项落实，发现并督促解决新问题。"},
      {"materials", kOffice, kExec, {}, "收集整理大气污染防治资料和工作部署情况，迎接督查巡查。"},
  };
  for (const auto& ao : overview->areas) {
    areas_[ao.area.code] = ao.area.id;
    for (const auto& p : plans) {
      if (ao.area.code != p.code) continue;
      WorkAreaInput in;
      in.lead_unit_id = std::optional<int64_t>(uid(p.lead));
      in.leader = Person{p.leader, ""};
      std::vector<int64_t> coop;
      for (const char* c : p.cooperating) coop.push_back(uid(c));
      in.cooperating_unit_ids = coop;
      in.description = p.description;
      in.version = ao.area.version;
      auto r = campaigns_.update_area(actor("office"), ao.area.id, in);
      if (!r.ok()) return in_step(r.take_error(), std::string("work area ") + p.code + missing_);
    }
  }

  // ---- 09:30: tasks handed down, split among the townships and street offices ----
  LT_TRY(at("2017-09-30", "09:30"));
  auto ms = [](std::vector<std::pair<const char*, const char*>> list) {
    std::vector<Milestone> out;
    for (const auto& [title, deadline] : list) {
      Milestone m;
      m.title = title;
      m.deadline = deadline;
      out.push_back(m);
    }
    return out;
  };
  auto quantity = [](TaskInput& in, const char* unit, double target) {
    in.measure_unit = unit;
    in.target_value = std::optional<double>(target);
  };
  const std::vector<Share> kSevenEven = {{kSanlibao, 0}, {kXinmenguan, 0}, {kFanta, 0},  {kGuanfang, 0},
                                         {kCaishi, 0},   {kNanjiao, 0},    {kWangtun, 0}};

  // 1 散乱污
  {
    TaskInput in = spec("1", "“散乱污”企业排查整治清零", kAic, "2017-10-31");
    quantity(in, "家", 46);
    in.description = "先停后治：关停取缔类做到“两断三清”，整合搬迁、升级改造类一企一策；挂账销号。";
    in.cooperating_unit_ids = std::vector<int64_t>{uid(kEnv), uid(kFda)};
    in.milestones =
        ms({{"完成排查建档、分类处置清单", "2017-10-13"}, {"关停取缔类完成“两断三清”", "2017-10-31"}});
    LT_TRY(top("slw", in, "scattered_polluting"));
    LT_TRY(split("slw", "office",
                 {{kSanlibao, 3},
                  {kXinmenguan, 2},
                  {kFanta, 4},
                  {kGuanfang, 3},
                  {kCaishi, 2},
                  {kNanjiao, 18},
                  {kWangtun, 14}}));
    TaskInput watch = spec("1.8", "已取缔“散乱污”企业“回头看”防反弹（每月一次）", kAic, "2018-03-31");
    watch.description = "杜绝已取缔企业死灰复燃，杜绝外区域已取缔企业搬迁至我区。";
    LT_TRY(top("slw-watch", watch, "scattered_polluting"));
  }
  // 2 燃煤小锅炉
  {
    TaskInput in = spec("2", "10蒸吨及以下燃煤锅炉淘汰拆除", kEnv, "2017-10-31");
    quantity(in, "台", 27);
    in.cooperating_unit_ids = std::vector<int64_t>{uid(kQuality)};
    in.milestones = ms({{"核实燃煤锅炉清单", "2017-10-13"}});
    LT_TRY(top("boiler", in, "small_boilers"));
    LT_TRY(split("boiler", "office",
                 {{kNanjiao, 9}, {kWangtun, 8}, {kFanta, 4}, {kGuanfang, 3}, {kSanlibao, 3}}));
  }
  // 3 双替代 and 散煤
  {
    TaskInput in = spec("3", "清洁取暖“双替代”（电代煤、气代煤）改造", kDrc, "2017-10-31");
    quantity(in, "户", 2000);
    in.description = "宜电则电、宜气则气；采暖季前完成改造，旧炉具拆除、散煤清零。";
    in.cooperating_unit_ids = std::vector<int64_t>{uid(kHousing), uid(kFarm)};
    in.milestones = ms({{"完成入户摸底、签约", "2017-10-13"}, {"完成设备安装", "2017-10-25"}});
    LT_TRY(top("sth", in, "clean_heating"));
    LT_TRY(split("sth", "office",
                 {{kNanjiao, 900},
                  {kWangtun, 700},
                  {kFanta, 150},
                  {kGuanfang, 100},
                  {kSanlibao, 80},
                  {kCaishi, 40},
                  {kXinmenguan, 30}},
                 [&](TaskInput& t) {
                   t.milestones = ms({{"完成入户摸底、签约", "2017-10-13"}, {"完成设备安装", "2017-10-25"}});
                 }));
    TaskInput coal = spec("3.8", "散煤经营点取缔及散煤禁烧", kAic, "2017-10-31");
    quantity(coal, "个", 16);
    coal.cooperating_unit_ids = std::vector<int64_t>{uid(kFda)};
    LT_TRY(top("coal", coal, "clean_heating"));
    LT_TRY(
        split("coal", "office", {{kNanjiao, 6}, {kWangtun, 5}, {kFanta, 2}, {kGuanfang, 2}, {kSanlibao, 1}}));
  }
  // 4 工业治理
  {
    TaskInput in = spec("4", "重点工业企业提标治理（除尘、脱硫脱硝）", kEnv, "2017-11-30");
    quantity(in, "个项目", 5);
    in.cooperating_unit_ids = std::vector<int64_t>{uid(kIndustry)};
    in.milestones = ms({{"一企一策治理方案报送", "2017-10-20"}});
    LT_TRY(top("ind", in, "industrial_treatment"));
    LT_TRY(split("ind", "office", {{kNanjiao, 3}, {kWangtun, 2}}));
  }
  // 5 淘汰搬迁
  {
    TaskInput in = spec("5", "建成区重污染企业关停搬迁", kIndustry, "2017-12-31");
    quantity(in, "家", 2);
    LT_TRY(top("reloc", in, "elimination_relocation"));
    LT_TRY(split("reloc", "office", {{kFanta, 1}, {kNanjiao, 1}}));
  }
  // 6 排污许可
  {
    TaskInput in = spec("6", "重点行业排污许可证核发", kEnv, "2017-12-31");
    quantity(in, "家", 4);
    in.description = "火电、造纸、农副食品加工等2017年应发证行业。";
    in.milestones = ms({{"完成企业申报", "2017-11-15"}});
    LT_TRY(top("permit", in, "emission_permits"));
  }
  // 7 VOCs
  {
    TaskInput in = spec("7", "汽修、印刷、家具制造等涉VOCs企业治理", kEnv, "2017-11-30");
    quantity(in, "家", 24);
    LT_TRY(top("vocs", in, "vocs"));
    LT_TRY(
        split("vocs", "office", {{kNanjiao, 8}, {kWangtun, 6}, {kFanta, 4}, {kGuanfang, 3}, {kSanlibao, 3}}));
  }
  // 8 工业无组织排放
  {
    TaskInput in = spec("8", "工业企业料场堆场封闭及无组织排放治理", kIndustry, "2017-11-15");
    quantity(in, "家", 12);
    LT_TRY(top("dust", in, "industrial_dust"));
    LT_TRY(split("dust", "office", {{kNanjiao, 7}, {kWangtun, 5}}));
  }
  // 9 加油站: "20 working days from assignment" (the National Day week does not count)
  {
    TaskInput in = spec("9", "加油站油气回收治理及检测", kCommerce, "2017-11-15");
    quantity(in, "座", 14);
    LT_TRY(top("gas", in, "gas_stations"));
    LT_TRY(split("gas", "office",
                 {{kSanlibao, 2},
                  {kXinmenguan, 1},
                  {kFanta, 3},
                  {kGuanfang, 2},
                  {kCaishi, 1},
                  {kNanjiao, 3},
                  {kWangtun, 2}},
                 [](TaskInput& t) {
                   t.deadline.reset();
                   t.deadline_working_days = 20;
                 }));
  }
  // 10 施工扬尘: checks per street office
  {
    TaskInput in = spec("10", "建筑工地扬尘治理“六个百分百”达标检查", kHousing, "2017-11-30");
    quantity(in, "个工地", 45);
    in.cooperating_unit_ids = std::vector<int64_t>{uid(kUrban)};
    in.milestones = ms({{"在建工地全部建档", "2017-10-13"}});
    LT_TRY(top("site", in, "construction_dust"));
    LT_TRY(split("site", "office",
                 {{kSanlibao, 12}, {kXinmenguan, 8}, {kFanta, 10}, {kGuanfang, 9}, {kCaishi, 6}}));
    TaskInput trucks = spec("10.6", "渣土车密闭运输及道路扬尘整治", kUrban, "2018-03-31");
    LT_TRY(top("trucks", trucks, "construction_dust"));
  }
  // 11 错峰生产
  {
    TaskInput in = spec("11", "错峰生产企业停限产落实及核查", kIndustry, "2018-03-15");
    quantity(in, "家", 9);
    in.milestones = ms({{"报送错峰生产企业名单", "2017-10-31"}, {"停限产措施落实到位", "2017-11-15"}});
    LT_TRY(top("stagger", in, "staggered_production"));
    LT_TRY(split("stagger", "office", {{kNanjiao, 5}, {kWangtun, 4}}));
  }
  // 12 重污染天气应急
  {
    TaskInput list = spec("12", "修订重污染天气应急减排清单（一厂一策）", kEnv, "2017-10-31");
    LT_TRY(top("emlist", list, "heavy_pollution_emergency"));
    TaskInput act_in = spec("12.2", "黄色及以上预警期间应急减排措施落实", kEnv, "2018-03-31");
    LT_TRY(top("emact", act_in, "heavy_pollution_emergency"));
    LT_TRY(split("emact", "office", kSevenEven));
  }
  // 14, 15: the office's own work
  {
    TaskInput plan =
        spec("14", "对照区域攻坚行动方案逐项梳理任务，发现并督促解决新问题", kOffice, "2018-03-31");
    LT_TRY(top("plans", plan, "regional_action_plans"));
    TaskInput files = spec("15", "大气污染防治资料收集整理及迎检归档", kOffice, "2018-03-31");
    files.milestones = ms({{"10月资料归档", "2017-11-05"}, {"11月资料归档", "2017-12-05"}});
    LT_TRY(top("files", files, "materials"));
  }

  // ---- 2017-10-09, the first working day after the holiday: the townships split further ----
  LT_TRY(at("2017-10-09", "10:00"));
  LT_TRY(split("slw/南郊乡", "leader", {{"南郊村", 10}, {"范村", 8}}));
  LT_TRY(split("sth/南郊乡", "leader", {{"南郊村", 500}, {"范村", 400}}));
  LT_TRY(split("sth/汪屯乡", "wangtun", {{"汪屯村", 380}, {"东郊村", 320}}));
  // Whoever split work starts it (a leaf starts with its first report).
  LT_TRY(at("2017-10-09", "10:30"));
  for (const auto& [key, snapshot] : tasks_by_key_) {
    LT_ASSIGN(auto t, current(snapshot.id));
    if (t.child_count == 0 || t.status != "not_started") continue;
    LT_TRY(act(key, reporter_for(t.owner_unit_name), "start", ""));
  }

  // ---- what happens afterwards, in date order ----
  auto k = [](const char* parent, const char* unit) { return std::string(parent) + "/" + unit; };
  auto q = [](const char* date, double v, const char* note = "") { return Step{date, v, note}; };
  auto text = [](const char* date, const char* note) { return Step{date, std::nullopt, note}; };
  // 1 散乱污
  play({k("slw", kSanlibao), {q("2017-10-13", 1), q("2017-10-20", 3)}, "2017-10-20", "2017-10-24"});
  play({k("slw", kXinmenguan), {q("2017-10-13", 2)}, "2017-10-16", "2017-10-18"});
  play({k("slw", kFanta), {q("2017-10-13", 1), q("2017-10-27", 4)}, "2017-10-27", "2017-10-31"});
  play({.key = k("slw", kGuanfang),
        .reports = {q("2017-10-13", 2), q("2017-10-27", 3),
                    q("2017-11-06", 3, "已补齐断电证明及设备拆除照片。")},
        .complete = "2017-10-30",
        .ret = "2017-11-01",
        .ret_note = "抽查发现1家企业断电未到位，“两断三清”不彻底，请整改后重新报送。",
        .resume = "2017-11-02",
        .complete_again = "2017-11-07",
        .accept_again = "2017-11-09"});
  play({k("slw", kCaishi), {q("2017-10-20", 2)}, "2017-10-20", "2017-10-24"});
  play({"slw/南郊乡/南郊村",
        {q("2017-10-13", 4), q("2017-10-20", 8), q("2017-10-27", 10)},
        "2017-10-27",
        "2017-10-30"});
  play({"slw/南郊乡/范村",
        {q("2017-10-13", 3), q("2017-10-27", 6), q("2017-11-10", 8)},
        "2017-11-10",
        "2017-11-13"});
  play({k("slw", kNanjiao),
        {text("2017-11-14", "两个村18家全部整治到位，挂账销号。")},
        "2017-11-14",
        "2017-11-16"});
  play({k("slw", kWangtun),
        {q("2017-10-13", 5), q("2017-10-27", 11),
         q("2017-11-24", 13, "1家企业拒不配合断电，已移交公安分局。")}});
  play({"slw-watch", {q("2017-11-30", 30), q("2017-12-15", 45, "11月、12月各开展一次回头看，未发现反弹。")}});
  // 2 小锅炉: the whole area done and accepted
  play({k("boiler", kNanjiao), {q("2017-10-13", 4), q("2017-10-27", 9)}, "2017-10-27", "2017-10-31"});
  play({k("boiler", kWangtun), {q("2017-10-13", 3), q("2017-10-27", 8)}, "2017-10-30", "2017-11-01"});
  play({k("boiler", kFanta), {q("2017-10-20", 4)}, "2017-10-20", "2017-10-24"});
  play({k("boiler", kGuanfang), {q("2017-10-20", 3)}, "2017-10-23", "2017-10-25"});
  play({k("boiler", kSanlibao), {q("2017-10-13", 2), q("2017-10-20", 3)}, "2017-10-20", "2017-10-24"});
  play({"boiler",
        {text("2017-11-03", "27台燃煤锅炉全部拆除，烟囱、管道同步拆除，拆除前后照片已归档。")},
        "2017-11-03",
        "2017-11-06"});
  // 3 双替代
  // 南郊村's last households wait for the township's check (南郊乡 leads
  // its villages' work: `leader` has it in the 待验收 queue).
  play({"sth/南郊乡/南郊村",
        {q("2017-10-13", 120), q("2017-10-20", 260), q("2017-10-27", 430), q("2017-11-03", 480),
         q("2017-12-15", 500, "最后20户燃气壁挂炉安装调试完毕，申请乡里验收。")},
        "2017-12-15"});
  play({"sth/南郊乡/范村",
        {q("2017-10-13", 80), q("2017-10-20", 170), q("2017-10-27", 260), q("2017-11-10", 318),
         q("2017-12-01", 352, "燃气管网未通达的两个自然村改为电代煤，设备到货慢。"), q("2017-12-15", 371)}});
  play({"sth/汪屯乡/汪屯村",
        {q("2017-10-13", 100), q("2017-10-27", 300), q("2017-10-31", 380)},
        "2017-10-31",
        "2017-11-02"});
  play({"sth/汪屯乡/东郊村",
        {q("2017-10-13", 90), q("2017-10-27", 270), q("2017-10-31", 320)},
        "2017-10-31",
        "2017-11-02"});
  play({k("sth", kWangtun),
        {text("2017-11-02", "两个村700户全部完成并通过乡级验收。")},
        "2017-11-02",
        "2017-11-06"});
  play({.key = k("sth", kFanta),
        .reports = {q("2017-10-20", 60), q("2017-10-31", 150)},
        .complete = "2017-10-31",
        .ret = "2017-12-15",
        .ret_note = "入户核查发现12户旧炉具未拆除、散煤未清零，退回整改。"});
  play({k("sth", kGuanfang), {q("2017-10-20", 50), q("2017-10-30", 100)}, "2017-10-30", "2017-11-03"});
  play({k("sth", kSanlibao), {q("2017-10-27", 80)}, "2017-10-27", "2017-10-31"});
  play({k("sth", kCaishi), {q("2017-10-20", 40)}, "2017-10-20", "2017-10-24"});
  play({k("sth", kXinmenguan),
        {q("2017-10-20", 18), q("2017-11-03", 30)},
        "2017-11-03"});  // awaits acceptance
  // 3.8 散煤: done and accepted
  play({k("coal", kNanjiao), {q("2017-10-20", 6)}, "2017-10-20", "2017-10-24"});
  play({k("coal", kWangtun), {q("2017-10-20", 3), q("2017-10-31", 5)}, "2017-10-31", "2017-11-02"});
  play({k("coal", kFanta), {q("2017-10-20", 2)}, "2017-10-20", "2017-10-24"});
  play({k("coal", kGuanfang), {q("2017-10-27", 2)}, "2017-10-27", "2017-10-31"});
  play({k("coal", kSanlibao), {q("2017-10-13", 1)}, "2017-10-13", "2017-10-17"});
  play(
      {"coal", {text("2017-11-03", "16个散煤经营点全部取缔，签订禁烧承诺书。")}, "2017-11-03", "2017-11-07"});
  // 4 工业治理
  play({k("ind", kWangtun), {q("2017-10-27", 1), q("2017-11-24", 2)}, "2017-11-24", "2017-11-28"});
  play({k("ind", kNanjiao),
        {q("2017-11-10", 1), q("2017-11-24", 2),
         q("2017-12-15", 2, "1家企业脱硝设施调试中，在线监测尚未联网。")}});
  // 5 淘汰搬迁
  play({k("reloc", kFanta), {q("2017-11-30", 0, "已签订搬迁协议，设备拆除中。")}});
  play({k("reloc", kNanjiao), {q("2017-12-08", 1)}, "2017-12-08", "2017-12-11"});
  // 6 排污许可
  play({"permit", {q("2017-11-15", 1), q("2017-12-08", 3)}});
  // 7 VOCs
  play({k("vocs", kNanjiao), {q("2017-11-10", 5), q("2017-11-24", 8)}, "2017-11-24", "2017-11-28"});
  play(
      {k("vocs", kWangtun), {q("2017-11-10", 2), q("2017-12-04", 4, "2家汽修企业活性炭吸附装置正在安装。")}});
  play({k("vocs", kFanta), {q("2017-11-17", 4)}, "2017-11-17", "2017-11-21"});
  play({k("vocs", kGuanfang), {q("2017-11-24", 3)}, "2017-11-27"});  // awaits acceptance
  play({k("vocs", kSanlibao), {q("2017-11-10", 1), q("2017-12-08", 2)}});
  // 8 无组织排放: done and accepted
  play({k("dust", kNanjiao), {q("2017-11-03", 5), q("2017-11-14", 7)}, "2017-11-14", "2017-11-16"});
  play({k("dust", kWangtun), {q("2017-11-10", 5)}, "2017-11-13", "2017-11-15"});
  play({"dust",
        {text("2017-11-17", "12家企业料场堆场全部封闭，出口冲洗设施到位。")},
        "2017-11-17",
        "2017-11-20"});
  // 9 加油站
  play({k("gas", kSanlibao), {q("2017-10-27", 2)}, "2017-10-27", "2017-10-31"});
  play({k("gas", kXinmenguan), {q("2017-10-20", 1)}, "2017-10-20", "2017-10-24"});
  play({k("gas", kFanta), {q("2017-10-27", 3)}, "2017-10-27", "2017-11-01"});
  play({k("gas", kGuanfang), {q("2017-11-01", 2)}, "2017-11-01", "2017-11-03"});
  play({k("gas", kCaishi), {q("2017-10-20", 1)}, "2017-10-20", "2017-10-24"});
  play({k("gas", kNanjiao),
        {q("2017-10-27", 2), q("2017-11-17", 2, "1座加油站二次油气回收检测未通过，待复测。")}});
  play({k("gas", kWangtun), {q("2017-10-31", 2)}, "2017-10-31", "2017-11-02"});
  // 10 施工扬尘
  play({k("site", kSanlibao), {q("2017-10-20", 5), q("2017-11-10", 12)}, "2017-11-10", "2017-11-14"});
  play({k("site", kXinmenguan), {q("2017-10-27", 8)}, "2017-10-27", "2017-10-31"});
  play({k("site", kFanta),
        {q("2017-10-20", 4), q("2017-11-17", 9), q("2017-12-08", 9, "1个工地停工整改，复工前复查。")}});
  play({k("site", kGuanfang), {q("2017-11-03", 9)}, "2017-11-03", "2017-11-07"});
  play({k("site", kCaishi), {q("2017-10-27", 6)}, "2017-10-30", "2017-11-01"});
  play({"trucks", {q("2017-10-31", 25), q("2017-11-30", 55)}});
  // 11 错峰生产
  play({k("stagger", kNanjiao), {q("2017-11-17", 5, "5家企业已按名单停限产，供电部门用电量核查一致。")}});
  play({k("stagger", kWangtun), {q("2017-11-17", 4)}});
  // 12 重污染应急
  play({"emlist",
        {q("2017-10-20", 60), q("2017-10-30", 100, "应急减排清单已修订，一厂一策操作方案全部报备。")},
        "2017-10-30",
        "2017-11-01"});
  play({k("emact", kNanjiao), {q("2017-12-08", 40, "12月初黄色预警期间，清单内企业按一厂一策落实停限产。")}});
  play({k("emact", kWangtun), {q("2017-12-08", 35)}});
  // 14, 15: the office
  play({"plans", {q("2017-10-31", 20), q("2017-11-30", 50)}});
  play({"files", {q("2017-11-05", 30), q("2017-12-05", 60)}});

  // Milestones ticked off by the owners.
  auto tick = [&](const std::string& key, const char* by, size_t index, const char* date) {
    later(date, "15:10", "milestone " + key, [=, this]() -> Status {
      LT_ASSIGN(auto t, current(ids_.at(key)));
      if (index >= t.milestones.size()) return Error::internal("demo campaign: no milestone " + key);
      auto r = tasks_.set_milestone_done(actor(by), t.id, t.milestones[index].id, true);
      if (!r.ok()) return in_step(r.take_error(), "milestone of " + key);
      return {};
    });
  };
  tick("slw", "gongshang", 0, "2017-10-13");
  tick("sth", "fagai", 0, "2017-10-13");
  tick("sth", "fagai", 1, "2017-10-26");
  tick("boiler", "huanbao", 0, "2017-10-13");
  tick("ind", "huanbao", 0, "2017-10-20");
  tick("permit", "huanbao", 0, "2017-11-15");
  tick("site", "zhujian", 0, "2017-10-13");
  tick("stagger", "gongxin", 0, "2017-10-31");
  tick("stagger", "gongxin", 1, "2017-11-15");
  tick("files", "office", 0, "2017-11-05");
  tick("files", "office", 1, "2017-12-05");

  // 13: problems handed down by the MEP patrol on 2017-11-20, "N working days" deadlines.
  later("2017-11-20", "10:00", "inspection tasks", [&]() -> Status {
    TaskInput in = spec("13", "环保部巡查组交办问题整改（第一批）", kEnv, "");
    in.deadline_working_days = 15;
    quantity(in, "个问题", 8);
    in.description = "按督办单逐项整改，责任到单位、到人，整改报告报区攻坚办，区攻坚办实地核查。";
    LT_TRY(top("patrol", in, "inspection_rectification"));
    LT_TRY(split("patrol", "office", {{kNanjiao, 3}, {kWangtun, 2}, {kFanta, 2}, {kGuanfang, 1}},
                 [](TaskInput& t) {
                   t.deadline.reset();
                   t.deadline_working_days = 10;
                 }));
    return act("patrol", "huanbao", "start", "");
  });
  later("2017-11-20", "10:05", "look-back task", [&]() -> Status {
    TaskInput in = spec("13.5", "已整改问题“回头看”，严防反弹", kOffice, "2018-01-31");
    in.cooperating_unit_ids = std::vector<int64_t>{uid(kGroup)};
    return top("lookback", in, "inspection_rectification");
  });
  // Scripts for tasks that exist only from 11-20 are queued by an event.
  later("2017-11-20", "10:10", "inspection scripts", [&]() -> Status {
    play({k("patrol", kNanjiao), {q("2017-11-24", 2), q("2017-12-01", 3)}, "2017-12-01", "2017-12-05"});
    play({k("patrol", kFanta), {q("2017-12-01", 1), q("2017-12-04", 2)}, "2017-12-04", "2017-12-06"});
    play({k("patrol", kGuanfang), {q("2017-11-28", 1)}, "2017-11-28", "2017-11-30"});
    play({k("patrol", kWangtun),
          {q("2017-12-01", 1), q("2017-12-15", 1, "1家企业整改需停产改造，已制定整改方案。")}});
    play({"lookback", {q("2017-12-15", 40)}});
    return {};
  });

  // 催报: the office asks for reports.
  auto request = [&](const char* date, const char* hhmm, const std::string& key, const char* due,
                     const char* msg) {
    later(date, hhmm, "report request " + key, [=, this]() -> Status {
      auto r = requests_.request(actor("office"), ids_.at(key), {due, msg, false});
      if (!r.ok()) return in_step(r.take_error(), "report request on " + key);
      return {};
    });
  };
  request("2017-12-01", "09:30", k("vocs", kWangtun), "2017-12-04", "请报送涉VOCs企业治理进展及未完成原因。");
  request("2017-12-19", "10:00", "sth/南郊乡/范村", "2017-12-22",
          "已超过完成时限，请说明剩余户数的完成时间。");
  request("2017-12-19", "10:05", k("ind", kNanjiao), "2017-12-22", "请报送脱硝设施调试及在线监测联网进展。");
  request("2017-12-19", "10:10", k("slw", kWangtun), "2017-12-21", "请报送剩余1家企业的处置进展。");

  // Play the timeline. Events queued while playing (the 11-20 scripts) join
  // in date order: the queue is re-sorted after each event.
  size_t done = 0;
  while (done < events_.size()) {
    std::stable_sort(
        events_.begin() + std::ptrdiff_t(done), events_.end(),
        [](const Event& a, const Event& b) { return a.when != b.when ? a.when < b.when : a.seq < b.seq; });
    if (!bad_key_.empty()) return Error::internal("demo campaign: no task " + bad_key_);
    Event e = events_[done++];
    LT_TRY(at(e.date, e.hhmm));
    auto st = e.fn();
    if (!st.ok()) return st.take_error();
  }
  if (!bad_key_.empty()) return Error::internal("demo campaign: no task " + bad_key_);

  // ---- as of the demo's morning ----
  clock_.set(*parse_time(kDemoAsOf));
  summary_.as_of = kDemoAsOf;
  const Actor& office = actor("office");
  auto count = [&](store::tasks::Filter f) -> Result<int64_t> {
    f.campaign_id = campaign_.id;
    store::Page page;
    page.per_page = 1;
    LT_ASSIGN(auto p, tasks_.list(office, f, page));
    return p.total;
  };
  LT_ASSIGN(summary_.tasks, count({}));
  store::tasks::Filter f;
  f.overdue = true;
  LT_ASSIGN(summary_.overdue, count(f));
  f = {};
  f.statuses = {"accepted"};
  LT_ASSIGN(summary_.accepted, count(f));
  f.statuses = {"completed"};
  LT_ASSIGN(summary_.completed, count(f));
  f.statuses = {"returned"};
  LT_ASSIGN(summary_.returned, count(f));
  store::Page page;
  page.per_page = 200;
  LT_ASSIGN(auto requests, requests_.list(office, {}, page));
  summary_.report_requests = requests.total;
  for (const auto& r : requests.items)
    if (r.fulfilled_at.empty()) summary_.open_report_requests++;
  return summary_;
}

}  // namespace

Result<DemoCampaignSummary> seed_demo_campaign(store::Database& db, CalendarSource calendar) {
  if (!calendar) return Error::internal("seed_demo_campaign needs the working-day calendar");
  AuthConfig auth;
  auth.fast_password_hash = true;  // see the header: bulk demo accounts
  Seeder s(db, std::move(calendar), auth);
  return s.run();
}

}  // namespace lantian::app
