#include "app/demo_enterprises.h"

#include <map>
#include <string>

#include "app/account_service.h"
#include "app/demo_campaign.h"
#include "app/enterprise_service.h"
#include "core/credit_code.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

// A code from its first 17 characters and the check character they need.
std::string code(const std::string& first17) { return first17 + credit_code_check_character(first17); }

struct DemoEnterprise {
  const char* name;
  const char* code17;  // "" = none (a workshop)
  const char* legal_rep;
  const char* phone;
  const char* address;
  const char* unit;
  const char* grid;
  const char* industry;
  double lng, lat;   // GCJ-02, as read off a Chinese web map
  const char* user;  // who registers it
};

// Of 禹王台区 (示例). The last one is 龙亭区's banned 恒盛 under a new name.
constexpr DemoEnterprise kEnterprises[] = {
    {"开封市禹王台区金明机械配件厂", "92410205MA40G8W3X", "王金明", "13803780101",
     "开封市禹王台区南郊乡南郊村北街18号", "南郊村", "南郊乡第一网格", "C3489", 114.3712, 34.7386, "leader"},
    {"开封市禹王台区南郊砖瓦厂", "92410205MA40H2K7P", "范有才", "13703780233", "开封市禹王台区南郊乡范村西",
     "范村", "南郊乡第一网格", "C3031", 114.3655, 34.7312, "leader"},
    {"开封市禹王台区繁塔建材商行", "92410205MA40J5R1C", "陈卫东", "13513780345", "开封市禹王台区繁塔西街66号",
     "繁塔社区", "", "F5165", 114.3568, 34.7721, "office"},
    {"开封市禹王台区东郊家具加工厂", "", "杨志刚", "15937810456", "开封市禹王台区汪屯乡东郊村南500米",
     "东郊村", "", "C2110", 114.3921, 34.7602, "office"},
    {"开封市禹王台区三里堡汽车维修中心", "91410205MA40K9T6D", "赵建华", "0371-23986677",
     "开封市禹王台区三里堡街道前营路9号", "三里堡社区", "", "O8111", 114.3489, 34.7805, "office"},
    {"开封市禹王台区恒晟塑料制品有限公司", "91410205MA40L3W8E", "李桂兰", "13937812345",
     "开封市禹王台区汪屯乡东郊村东200米", "东郊村", "", "C2929", 114.3968, 34.7575, "office"},
};

struct DemoBanned {
  const char* name;
  const char* code17;
  const char* legal_rep;
  const char* phone;
  const char* address;
  const char* origin;
  const char* banned_on;
  const char* reason;
};

constexpr DemoBanned kBanned[] = {
    {"开封市龙亭区恒盛塑料颗粒加工厂", "", "张国强", "13937812345", "开封市龙亭区柳园口乡陈桥村", "龙亭区",
     "2017-09-18", "无环评手续、无污染治理设施，列入“散乱污”企业关停取缔（两断三清已完成）"},
    {"开封市祥符区宏达铸造厂", "92410212MA40M6Q2F", "刘宏达", "13663780789", "开封市祥符区仇楼镇刘庄村",
     "祥符区", "2017-10-12", "冲天炉熔炼无除尘设施，关停取缔"},
};

Error in_step(Error e, const std::string& step) {
  e.message = "demo enterprises, " + step + ": " + e.message;
  for (const auto& f : e.fields) e.message += " [" + f.field + ": " + f.message + "]";
  return e;
}

}  // namespace

Result<DemoEnterprisesSummary> seed_demo_enterprises(store::Database& db) {
  // The demo's morning, after the campaign's last step (app/demo_campaign.h).
  ManualClock clock(*parse_time("2017-12-20T08:30:00+08:00"));
  EnterpriseService service(db, clock);
  std::map<std::string, Actor> actors;
  std::map<std::string, int64_t> units;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    for (const char* name : {"office", "leader"}) {
      LT_ASSIGN(auto u, store::users::get_by_username(tx, name));
      if (!u)
        return Error::not_found(std::string("demo enterprises: the demo user '") + name + "' is missing");
      actors[name] = actor_for(*u, 0, "demo-seed");
    }
    LT_ASSIGN(auto all, store::units::all(tx, "", false));
    for (const auto& u : all) units[u.name] = u.id;
    return {};
  }));
  DemoEnterprisesSummary out;
  // Other districts' notices first: the list the guard matches against.
  for (const auto& b : kBanned) {
    clock.advance(std::chrono::minutes(1));
    BannedInput in;
    in.name = b.name, in.legal_rep = b.legal_rep, in.phone = b.phone, in.address = b.address;
    in.origin = b.origin, in.banned_on = b.banned_on, in.reason = b.reason;
    if (*b.code17) in.credit_code = code(b.code17);
    auto r = service.add_banned(actors.at("office"), in);
    if (!r.ok()) return in_step(r.take_error(), std::string("banning ") + b.name);
    ++out.banned;
  }
  int64_t brickworks = 0;
  for (const auto& e : kEnterprises) {
    clock.advance(std::chrono::minutes(2));
    auto unit = units.find(e.unit);
    if (unit == units.end()) return Error::not_found(std::string("demo enterprises: no unit ") + e.unit);
    EnterpriseInput in;
    in.name = e.name, in.legal_rep = e.legal_rep, in.phone = e.phone, in.address = e.address;
    in.grid = e.grid, in.industry_code = e.industry, in.unit_id = unit->second;
    if (*e.code17) in.credit_code = code(e.code17);
    in.location = std::optional<LocationInput>(LocationInput{{e.lng, e.lat}, Datum::gcj02});
    auto r = service.register_enterprise(actors.at(e.user), in);
    if (!r.ok()) return in_step(r.take_error(), std::string("registering ") + e.name);
    ++out.enterprises;
    out.open_alerts += int64_t(r->alerts.size());
    if (std::string(e.name) == "开封市禹王台区南郊砖瓦厂") brickworks = r->enterprise.id;
  }
  // One of ours closed down: listed as banned (it becomes banned itself).
  clock.advance(std::chrono::minutes(5));
  BannedInput ours;
  ours.enterprise_id = brickworks;
  ours.banned_on = "2017-11-28";
  ours.reason = "黏土砖瓦轮窑，列入落后产能淘汰，关停取缔";
  auto r = service.add_banned(actors.at("office"), ours);
  if (!r.ok()) return in_step(r.take_error(), "banning the brickworks");
  ++out.banned;
  out.open_alerts += int64_t(r->alerts.size());
  return out;
}

}  // namespace lantian::app
