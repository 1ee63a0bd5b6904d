// AlertService's documents: the notice generated for each move, the CAP 1.2
// message of a move and the Atom feed of alerts (app/alert_service.h).
//
// CAP mapping (io/cap.h): msgType Alert for issue, Update for upgrade and
// downgrade, Cancel for lift, with <references> to every earlier message of
// the alert; urgency, severity and certainty are the level's (the standard's
// cap = {...}); a lift tells the end of the episode: responseType AllClear,
// urgency Past, severity Minor, certainty Observed. Each message carries an
// info in zh-CN and one in en, eventCodes level and response, the required
// cuts as parameters, and the district's boundary as <area>.
#include <fmt/format.h>

#include "app/alert_service.h"
#include "io/atom.h"
#include "io/cap.h"
#include "store/alerts_repo.h"

namespace lantian::app {
namespace {

// "2017年12月19日00时" in Beijing time.
std::string zh_time(const std::string& utc) {
  auto t = parse_time(utc);
  if (!t) return utc;
  const auto local = std::chrono::floor<std::chrono::minutes>(*t + std::chrono::hours(8));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  std::string out = fmt::format("{}年{}月{}日{:02}时", int(ymd.year()), unsigned(ymd.month()),
                                unsigned(ymd.day()), hms.hours().count());
  if (hms.minutes().count()) out += fmt::format("{:02}分", hms.minutes().count());
  return out;
}

std::string zh_date(const std::string& day) {
  auto d = parse_date(day);
  if (!d) return day;
  const std::chrono::year_month_day ymd(*d);
  return fmt::format("{}年{}月{}日", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

std::string label_zh(const WarningStandard& s, const std::string& code) {
  const WarningLevel* l = s.level(code);
  return l ? l->label.zh : code;
}
std::string label_en(const WarningStandard& s, const std::string& code) {
  const WarningLevel* l = s.level(code);
  return l ? l->label.en : code;
}

std::string cuts_zh(const WarningLevel& l) {
  return fmt::format("全区二氧化硫、氮氧化物、颗粒物和挥发性有机物排放量须分别减少{}%、{}%、{}%、{}%以上",
                     l.reduction[0], l.reduction[1], l.reduction[2], l.reduction[3]);
}

std::string district(const AlertOptions& o) { return o.areas.empty() ? "禹王台区" : o.areas.front().name; }

}  // namespace

std::string alert_notice(const AlertOptions& o, const WarningStandard& s, const Alert& a,
                         const AlertStep& step) {
  const std::string when = zh_time(step.effective_at);
  std::string episode;
  if (a.episode_first && a.episode_last)
    episode = fmt::format("根据空气质量预报，{}至{}我区将出现重污染天气过程（AQI最高{}）。",
                          zh_date(*a.episode_first), zh_date(*a.episode_last), a.peak_aqi.value_or(0));
  std::string title, body;
  const WarningLevel* to = s.level(step.to_level);
  const WarningLevel* from = s.level(step.from_level);
  if (step.action == "issue" && to) {
    title = fmt::format("关于发布重污染天气{}的通知", to->label.zh);
    body = fmt::format("{}按照{}，决定自{}起发布重污染天气{}，启动{}。{}。", episode, s.label.zh, when,
                       to->label.zh, response_label(to->response).zh, cuts_zh(*to));
  } else if ((step.action == "upgrade" || step.action == "downgrade") && to) {
    const char* verb = step.action == "upgrade" ? "升级" : "降级";
    title = fmt::format("关于将重污染天气{}{}为{}的通知", label_zh(s, step.from_level), verb, to->label.zh);
    body = fmt::format("{}按照{}，决定自{}起将重污染天气{}{}为{}，启动{}。{}。", episode, s.label.zh, when,
                       label_zh(s, step.from_level), verb, to->label.zh, response_label(to->response).zh,
                       cuts_zh(*to));
  } else {
    title = fmt::format("关于解除重污染天气{}的通知", label_zh(s, step.from_level));
    body = fmt::format("经研判，我区重污染天气过程已结束，决定自{}起解除重污染天气{}，终止{}。", when,
                       label_zh(s, step.from_level), from ? response_label(from->response).zh : "应急响应");
  }
  return fmt::format(
      "{}{}（{}）\n\n各乡（街道）、区直各部门：\n{}请各单位按照应急减排清单落实各项措施。\n\n{}\n{}",
      o.sender_name, title, a.number, body, o.sender_name, zh_time(step.effective_at));
}

Result<std::string> AlertService::cap(const Actor& a, int64_t id, std::optional<int64_t> event_id) {
  LT_ASSIGN(AlertDetail d, get(a, id));
  if (d.history.empty()) return Error::make("alert_not_found");
  size_t at = d.history.size() - 1;
  if (event_id) {
    at = d.history.size();
    for (size_t i = 0; i < d.history.size(); ++i)
      if (d.history[i].step.event_id == *event_id) at = i;
    if (at == d.history.size()) return Error::make("alert_not_found");
  }
  const WarningStandard& s = warning_standard();
  auto identifier = [&](const AlertStepView& v) {
    return fmt::format("lantian-alert-{}-{}", d.alert.number, v.step.event_id);
  };
  auto sent = [](const AlertStepView& v) {
    auto t = parse_time(v.event.at);
    return t ? io::cap_time(*t) : v.event.at;
  };
  const AlertStepView& v = d.history[at];
  io::CapMessage m;
  m.identifier = identifier(v);
  m.sender = options_.sender;
  m.sent = sent(v);
  m.msg_type = v.step.action == "issue" ? "Alert" : v.step.action == "lift" ? "Cancel" : "Update";
  for (size_t i = 0; i < at; ++i)
    m.references.push_back({options_.sender, identifier(d.history[i]), sent(d.history[i])});
  const bool lift = v.step.action == "lift";
  const std::string level_code = lift ? v.step.from_level : v.step.to_level;
  const WarningLevel* level = s.level(level_code);
  io::CapArea area;
  area.desc = district(options_);
  for (const auto& ar : options_.areas) {
    for (const auto& p : ar.polygons) area.polygons.push_back(p.outer);
    if (!ar.code.empty()) area.geocodes.push_back({"adcode", ar.code});
  }
  for (const bool zh : {true, false}) {
    io::CapInfo info;
    info.language = zh ? "zh-CN" : "en";
    const std::string label = zh ? label_zh(s, level_code) : label_en(s, level_code);
    info.event = zh ? "重污染天气" + label : "Heavy-pollution weather: " + label;
    if (lift) {
      info.response_type = "AllClear";
      info.urgency = "Past", info.severity = "Minor", info.certainty = "Observed";
    } else {
      info.response_type = "Execute";
      info.urgency = level ? level->cap.urgency : "Unknown";
      info.severity = level ? level->cap.severity : "Unknown";
      info.certainty = level ? level->cap.certainty : "Unknown";
    }
    info.event_codes.push_back({"level", level_code});
    if (level) info.event_codes.push_back({"response", level->response});
    if (auto t = parse_time(v.step.effective_at)) info.effective = io::cap_time(*t);
    if (!lift && d.alert.expires_at)
      if (auto t = parse_time(*d.alert.expires_at)) info.expires = io::cap_time(*t);
    info.sender_name = options_.sender_name;
    const std::string verb = zh ? (lift                         ? "解除"
                                   : v.step.action == "issue"   ? "发布"
                                   : v.step.action == "upgrade" ? "升级为"
                                                                : "降级为")
                                : (lift                         ? "lifted"
                                   : v.step.action == "issue"   ? "issued"
                                   : v.step.action == "upgrade" ? "upgraded to"
                                                                : "downgraded to");
    info.headline = zh ? fmt::format("{}{}重污染天气{}", district(options_), verb, label)
                       : fmt::format("{}: heavy-pollution {} {}", district(options_), verb, label);
    info.description = zh ? v.step.document
                          : fmt::format("Alert {} ({}): {} {} with effect from {}.", d.alert.number,
                                        s.label.en, label, verb, info.effective);
    if (level && !lift) {
      info.instruction =
          zh ? cuts_zh(*level) + "；启动" + response_label(level->response).zh + "。"
             : fmt::format("{}: cut SO2, NOx, PM and VOCs emissions by at least {}%, {}%, {}%, {}%.",
                           response_label(level->response).en, level->reduction[0], level->reduction[1],
                           level->reduction[2], level->reduction[3]);
      for (int i = 0; i < kReductionPollutants; ++i)
        info.parameters.push_back(
            {fmt::format("reduction_{}_percent", reduction_pollutant_code(ReductionPollutant(i))),
             std::to_string(level->reduction[size_t(i)])});
    }
    info.areas.push_back(area);
    m.infos.push_back(std::move(info));
  }
  return io::write_cap(m);
}

Result<std::string> AlertService::atom(const Actor& a, const std::string& self, const std::string& base) {
  LT_ASSIGN(AlertList list, this->list(a, "", 50));
  std::vector<int64_t> ids;
  for (const auto& al : list.items) ids.push_back(al.id);
  std::vector<AlertStep> steps;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(steps, store::alerts::steps_of(tx, ids));
    return {};
  }));
  const WarningStandard& s = warning_standard();
  auto rfc3339 = [](const std::string& utc) {
    auto t = parse_time(utc);
    return t ? io::cap_time(*t) : utc;
  };
  io::AtomFeed f;
  f.id = "urn:lantian:alerts:" + options_.sender;
  f.title = district(options_) + "重污染天气预警";
  f.subtitle = s.label.zh;
  f.author = options_.sender_name;
  f.self = self;
  f.updated = io::cap_time(clock_.now());
  std::string newest;
  for (const auto& al : list.items) {
    io::AtomEntry e;
    e.id = "urn:lantian:alert:" + options_.sender + ":" + al.number;
    const WorkflowState* st = alert_workflow().state(al.status);
    e.title = fmt::format("{}（{}）{}", label_zh(s, al.level), al.number, st ? st->label.zh : al.status);
    e.updated = rfc3339(al.updated_at);
    e.published = rfc3339(al.issued_at);
    for (const auto& step : steps)
      if (step.alert_id == al.id) e.content = step.document;  // the latest move's notice
    e.summary = fmt::format("{} {}: {}", al.number, label_en(s, al.level), al.status);
    e.categories.push_back({al.level, label_zh(s, al.level)});
    e.links.push_back({"alternate", "application/cap+xml", base + std::to_string(al.id) + "/cap.xml"});
    e.links.push_back({"related", "application/json", base + std::to_string(al.id)});
    if (al.updated_at > newest) {
      newest = al.updated_at;
      f.updated = e.updated;
    }
    f.entries.push_back(std::move(e));
  }
  return io::write_atom(f);
}

}  // namespace lantian::app
