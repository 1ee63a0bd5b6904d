#include "app/demo_problems.h"

#include <map>

#include "app/account_service.h"
#include "app/problem_service.h"
#include "core/workflows.h"
#include "io/evidence_media.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

Error step(const std::string& what, Error e) {
  e.message = "demo problems, " + what + ": " + e.message;
  return e;
}

class Seeder {
 public:
  Seeder(store::Database& db, store::EvidenceStore& store, CalendarSource calendar)
      : db_(db),
        evidence_(db, store, clock_),
        problems_(db, clock_, evidence_, nullptr, std::move(calendar)) {}

  Result<DemoProblemSummary> run();

 private:
  void at(const char* when) { clock_.set(*parse_time(when)); }
  Status load();
  // Registers a problem as the office; returns its id.
  Result<int64_t> add(const char* source, const char* type, const char* title, const char* description,
                      const char* standard, LngLat where, const char* reporter = "");
  // One move by `who`; `photos` placeholder photos filed with it.
  Status move(const char* who, int64_t id, const char* action, ProblemActionInput in = {}, int photos = 0);
  Status assign(int64_t id, const char* unit, const char* deadline, const char* person = "");

  store::Database& db_;
  ManualClock clock_{TimePoint{}};
  EvidenceService evidence_;
  ProblemService problems_;
  std::map<std::string, Actor> actors_;
  std::map<std::string, int64_t> units_, users_;
  std::string photo_;
  DemoProblemSummary summary_;
};

Status Seeder::load() {
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    for (const char* name : {"office", "leader", "staff", "wangtun", "inspector"}) {
      LT_ASSIGN(auto u, store::users::get_by_username(tx, name));
      if (!u) return Error::not_found(std::string("the demo user '") + name + "' is missing");
      actors_[name] = actor_for(*u, 0, "demo-seed");
      users_[name] = u->id;
    }
    LT_ASSIGN(auto units, store::units::all(tx, "", false));
    for (const auto& u : units) units_[u.name] = u.id;
    return {};
  }));
  LT_ASSIGN(photo_, io::placeholder_jpeg(320, 240, 150, 120, 100));
  return {};
}

Result<int64_t> Seeder::add(const char* source, const char* type, const char* title, const char* description,
                            const char* standard, LngLat where, const char* reporter) {
  ProblemInput in;
  in.source = source;
  in.problem_type = type;
  in.title = title;
  in.description = description;
  in.standard = standard;
  in.location = LocationInput{where, Datum::wgs84};
  in.reporter_name = reporter;
  auto r = problems_.create(actors_.at("office"), in);
  if (!r.ok()) return step(std::string("registering ") + title, r.take_error());
  ++summary_.problems;
  return r->problem.id;
}

Status Seeder::move(const char* who, int64_t id, const char* action, ProblemActionInput in, int photos) {
  const Actor& a = actors_.at(who);
  for (int i = 0; i < photos; ++i) {
    auto f = problems_.attach(a, id, {"现场照片（示例）.jpg", "image/jpeg", photo_});
    if (!f.ok()) return step(std::string("filing a photo for ") + action, f.take_error());
    in.files.push_back(f->id);
  }
  auto cur = problems_.get(a, id);
  if (!cur.ok()) return step(std::string("reading before ") + action, cur.take_error());
  in.action = action;
  in.version = cur->problem.version;
  auto r = problems_.act(a, id, in);
  if (!r.ok()) return step(std::string(action) + " on " + cur->problem.number, r.take_error());
  return {};
}

Status Seeder::assign(int64_t id, const char* unit, const char* deadline, const char* person) {
  ProblemActionInput in;
  in.assignment.unit_id = units_.at(unit);
  in.assignment.deadline = deadline;
  if (*person) in.assignment.person_id = users_.at(person);
  return move("office", id, "assign", in);
}

Result<DemoProblemSummary> Seeder::run() {
  at("2017-10-09T09:00:00+08:00");
  LT_TRY(load());
  auto note = [](const char* text) {
    ProblemActionInput in;
    in.note = text;
    return in;
  };
  auto verify_at = [&](LngLat p, const char* text) {
    ProblemActionInput in;
    in.note = text;
    in.location = LocationInput{p, Datum::wgs84};
    return in;
  };
  ProblemActionInput verifier;
  verifier.verifier_id = users_.at("office");

  // 1. The ministry's patrol group, October: a VOCs problem closed, its look-back passed.
  const LngLat p1{114.3521, 34.7812};
  LT_ASSIGN(int64_t vocs, add("ministry_patrol", "vocs_emission", "南郊乡某家具厂喷漆工序VOCs无组织排放",
                              "喷漆工序未密闭，无收集处理设施，现场异味明显。",
                              "喷漆工序全密闭，配套活性炭吸附设施并正常运行。", p1));
  LT_TRY(assign(vocs, "南郊乡", "2017-10-20", "staff"));
  at("2017-10-10T10:00:00+08:00");
  LT_TRY(move("staff", vocs, "accept"));
  LT_TRY(move("staff", vocs, "start"));
  at("2017-10-18T16:00:00+08:00");
  LT_TRY(move("staff", vocs, "report", note("已对喷漆工序实施全密闭改造，安装活性炭吸附装置。"), 2));
  LT_TRY(move("office", vocs, "assign_verifier", verifier));
  at("2017-10-19T10:30:00+08:00");
  LT_TRY(move("office", vocs, "pass_verification",
              verify_at(p1, "现场核查：密闭及治理设施运行正常，同意销号。"), 1));

  // 2. The district's supervision group: construction dust closed in
  //    November, its look-back due by the demo's morning.
  const LngLat p2{114.3655, 34.7690};
  at("2017-11-02T09:00:00+08:00");
  LT_ASSIGN(int64_t site, add("district", "construction_dust", "南郊乡某安置房工地裸土未覆盖",
                              "工地东侧约2000平方米裸土未覆盖，出入口冲洗设施未使用。",
                              "裸土100%覆盖，出入口车辆100%冲洗。", p2));
  LT_TRY(assign(site, "南郊乡", "2017-11-06", "staff"));
  LT_TRY(move("staff", site, "accept"));
  LT_TRY(move("staff", site, "start"));
  at("2017-11-05T15:00:00+08:00");
  LT_TRY(move("staff", site, "report", note("裸土已全部覆盖防尘网，冲洗设施恢复使用。"), 2));
  LT_TRY(move("office", site, "assign_verifier", verifier));
  at("2017-11-07T09:30:00+08:00");
  LT_TRY(move("office", site, "pass_verification", verify_at(p2, "覆盖到位，同意销号。"), 1));

  // 3. The media: open burning in 汪屯乡, closed, rebounded at the look-back.
  const LngLat p3{114.4020, 34.7530};
  at("2017-10-25T09:00:00+08:00");
  LT_ASSIGN(int64_t burning, add("media", "open_burning", "汪屯乡某村田间焚烧秸秆",
                                 "《开封日报》报道：村北田间多处焚烧秸秆，烟雾弥漫。",
                                 "立即扑灭，落实网格巡查，杜绝再次焚烧。", p3));
  LT_TRY(assign(burning, "汪屯乡", "2017-10-26"));
  LT_TRY(move("wangtun", burning, "accept"));
  LT_TRY(move("wangtun", burning, "report", note("已扑灭，村网格员每日巡查。"), 1));
  LT_TRY(move("office", burning, "assign_verifier", verifier));
  at("2017-10-27T11:00:00+08:00");
  LT_TRY(move("office", burning, "pass_verification", verify_at(p3, "现场已无焚烧。"), 1));
  at("2017-11-28T10:00:00+08:00");
  LT_TRY(move("office", burning, "find_rebound", note("回头看发现同一地块再次焚烧秸秆。"), 1));

  // 4. The city: an industrial emission reported, waiting for the verifier.
  const LngLat p4{114.3410, 34.7905};
  at("2017-12-04T09:00:00+08:00");
  LT_ASSIGN(int64_t kiln,
            add("city", "industrial_emission", "南郊乡某砖厂脱硫设施未正常运行",
                "在线监测显示二氧化硫小时浓度多次超标。", "脱硫设施正常运行，排放稳定达标。", p4));
  LT_TRY(assign(kiln, "南郊乡", "2017-12-15", "staff"));
  LT_TRY(move("staff", kiln, "accept"));
  LT_TRY(move("staff", kiln, "start"));
  at("2017-12-14T17:00:00+08:00");
  LT_TRY(move("staff", kiln, "report", note("更换脱硫循环泵，在线数据已连续三日达标。"), 2));
  LT_TRY(move("office", kiln, "assign_verifier", verifier));

  // 5. The district group: a coal boiler with an extension asked.
  const LngLat p5{114.3588, 34.7751};
  at("2017-12-01T09:00:00+08:00");
  LT_ASSIGN(int64_t boiler, add("district", "coal_boiler", "南郊乡某浴池仍在使用燃煤锅炉",
                                "一台1蒸吨燃煤锅炉未按期拆除。", "拆除燃煤锅炉，改用电或天然气。", p5));
  LT_TRY(assign(boiler, "南郊乡", "2017-12-22", "staff"));
  LT_TRY(move("staff", boiler, "accept"));
  LT_TRY(move("staff", boiler, "start"));
  at("2017-12-18T10:00:00+08:00");
  ProblemActionInput ext = note("燃气管道接入需燃气公司施工，预计12月底完成。");
  ext.extension_until = "2018-01-05";
  LT_TRY(move("staff", boiler, "request_extension", ext));

  // 6. Late problems: the ladder takes them up on the demo's morning.
  const LngLat p6{114.3950, 34.7610}, p7{114.3330, 34.7720};
  at("2017-12-05T09:00:00+08:00");
  LT_ASSIGN(int64_t coal, add("enhanced_inspection", "loose_coal", "汪屯乡某村散煤销售点未取缔",
                              "村口仍有散煤销售点，存煤约5吨。", "取缔散煤销售点，清运存煤。", p6));
  LT_TRY(assign(coal, "汪屯乡", "2017-12-08"));
  LT_ASSIGN(int64_t station, add("district", "vapour_recovery", "南郊乡某加油站油气回收装置不正常",
                                 "二次油气回收真空泵损坏。", "修复油气回收装置并检测合格。", p7));
  LT_TRY(assign(station, "南郊乡", "2017-12-15", "staff"));
  LT_TRY(move("staff", station, "accept"));

  // 7. A duplicate merged, and a public report not yet assigned.
  at("2017-12-06T09:00:00+08:00");
  LT_ASSIGN(int64_t dup, add("hotline", "loose_coal", "汪屯乡村口有人卖散煤", "群众来电反映。", "",
                             {p6.lng + 0.0004, p6.lat}, "匿名"));
  ProblemActionInput merge = note("与强化督查交办问题为同一点位。");
  merge.merged_into = coal;
  LT_TRY(move("office", dup, "merge", merge));
  at("2017-12-19T16:00:00+08:00");
  LT_TRY(add("hotline", "industrial_dust", "南郊乡某搅拌站夜间粉尘大", "群众来电：搅拌站夜间作业，粉尘飘散。",
             "", {114.3480, 34.7850}, "李先生"));

  // The demo's morning: what the leader job would have done by now.
  at("2017-12-20T08:00:00+08:00");
  LT_TRY(problems_.run_lookbacks());
  LT_TRY(problems_.run_escalations());
  at("2017-12-20T08:30:00+08:00");
  LT_TRY(move("office", vocs, "pass_lookback", note("回头看：治理设施运行正常，未反弹。"), 1));
  // The counts the init message prints, by the workflow's own flags.
  store::Page page;
  page.per_page = 200;
  auto all = problems_.list(actors_.at("office"), {}, page);
  if (!all.ok()) return step("counting", all.take_error());
  for (const auto& p : all->items) {
    const WorkflowState* s = problem_workflow().state(p.status);
    if (s && s->open) ++summary_.open;
    if (s && s->open && !p.deadline.empty() && p.deadline < problems_.today()) ++summary_.overdue;
    if (!p.closed_at.empty()) ++summary_.closed;
  }
  return summary_;
}

}  // namespace

Result<DemoProblemSummary> seed_demo_problems(store::Database& db, store::EvidenceStore& evidence,
                                              CalendarSource calendar) {
  Seeder s(db, evidence, std::move(calendar));
  return s.run();
}

}  // namespace lantian::app
