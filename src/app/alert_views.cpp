#include "app/alert_views.h"

#include "app/ledger_views.h"
#include "app/workflow_views.h"

namespace lantian::app {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::object clause_view(const WarningClause& c) {
  json::object o;
  o[c.inclusive ? "at_least" : "above"] = c.threshold;
  return o;
}

}  // namespace

json::object warning_level_view(const WarningLevel& l) {
  json::object reduction;
  for (int i = 0; i < kReductionPollutants; ++i)
    reduction[reduction_pollutant_code(ReductionPollutant(i))] = l.reduction[size_t(i)];
  json::array when;
  for (const auto& c : l.when) {
    json::array all;
    for (const auto& cl : c.all) {
      json::object o = clause_view(cl);
      o["days"] = cl.days;
      all.push_back(std::move(o));
    }
    when.push_back(json::object{{"all", std::move(all)}});
  }
  return {{"code", l.code},
          {"label", label_view(l.label)},
          {"color", l.color},
          {"rank", l.rank},
          {"response", l.response},
          {"response_label", label_view(response_label(l.response))},
          {"lead_hours", l.lead_hours},
          {"reduction", std::move(reduction)},
          {"cap", {{"urgency", l.cap.urgency}, {"severity", l.cap.severity}, {"certainty", l.cap.certainty}}},
          {"when", std::move(when)}};
}

json::object warning_standard_view(const WarningStandard& s) {
  json::array levels;
  for (const auto& l : s.levels) levels.push_back(warning_level_view(l));
  return {{"name", s.name},
          {"label", label_view(s.label)},
          {"source", s.source},
          {"episode", {{"above", s.episode_above}}},
          {"levels", std::move(levels)}};
}

json::object warning_decision_view(const WarningDecision& d) {
  json::array episodes;
  for (const auto& e : d.episodes) {
    json::array clauses;
    for (const auto& c : e.clauses) {
      json::object o = clause_view(c.clause);
      o["days_needed"] = c.clause.days;
      json::array days;
      for (auto day : c.days) days.push_back(json::value(format_date(day)));
      o["days"] = std::move(days);
      clauses.push_back(std::move(o));
    }
    episodes.push_back(json::object{{"first", format_date(e.episode.first)},
                                    {"last", format_date(e.episode.last)},
                                    {"days", e.episode.days},
                                    {"peak", e.episode.peak},
                                    {"level", e.level ? json::value(e.level->code) : json::value(nullptr)},
                                    {"group", e.group},
                                    {"clauses", std::move(clauses)}});
  }
  return {{"level", d.level ? json::value(d.level->code) : json::value(nullptr)},
          {"episode", d.episode ? json::value(int64_t(*d.episode)) : json::value(nullptr)},
          {"episodes", std::move(episodes)}};
}

json::object forecast_view(const Forecast& f) {
  return {{"id", f.id},
          {"unit_id", f.unit_id ? json::value(*f.unit_id) : json::value(nullptr)},
          {"issued_on", f.issued_on},
          {"day", f.day},
          {"aqi", f.aqi},
          {"primary", f.primary_pollutant},
          {"source", f.source},
          {"created_at", f.created_at}};
}

json::object forecast_decision_view(const ForecastDecision& d) {
  json::array days;
  for (const auto& f : d.days) days.push_back(forecast_view(f));
  json::object out{
      {"from", d.from},
      {"days", std::move(days)},
      {"decision", warning_decision_view(d.decision)},
      {"suggestion", d.suggestion},
      {"lead_time",
       {{"hours_needed", d.lead_hours}, {"hours_left", d.hours_left}, {"short", d.lead_time_short}}}};
  out["level"] = d.decision.level ? json::value(warning_level_view(*d.decision.level)) : json::value(nullptr);
  out["in_force"] = d.in_force ? json::value(alert_view(*d.in_force)) : json::value(nullptr);
  return out;
}

json::object alert_view(const Alert& a) {
  const WarningLevel* l = warning_standard().level(a.level);
  const WorkflowState* s = alert_workflow().state(a.status);
  json::object o{{"id", a.id},
                 {"number", a.number},
                 {"level", a.level},
                 {"level_label", l ? json::value(label_view(l->label)) : json::value(nullptr)},
                 {"color", l ? l->color : std::string("#909399")},
                 {"response", l ? json::value(l->response) : json::value(nullptr)},
                 {"status", a.status},
                 {"status_label", s ? json::value(label_view(s->label)) : json::value(nullptr)},
                 {"status_color", s ? s->color : std::string("#909399")},
                 {"standard", a.standard},
                 {"issued_at", a.issued_at},
                 {"effective_at", a.effective_at},
                 {"expires_at", opt(a.expires_at)},
                 {"upgraded_at", opt(a.upgraded_at)},
                 {"downgraded_at", opt(a.downgraded_at)},
                 {"lifted_at", opt(a.lifted_at)},
                 {"version", a.version}};
  if (a.episode_first)
    o["episode"] = {{"first", *a.episode_first},
                    {"last", opt(a.episode_last)},
                    {"peak_aqi", a.peak_aqi ? json::value(*a.peak_aqi) : json::value(nullptr)}};
  else
    o["episode"] = nullptr;
  return o;
}

json::object alert_detail_view(const AlertDetail& d) {
  json::object o = alert_view(d.alert);
  boost::system::error_code ec;
  json::value reasons = json::parse(d.alert.reasons, ec);
  o["reasons"] = ec ? json::value(json::object()) : std::move(reasons);
  json::array history;
  for (const auto& h : d.history) {
    json::object e = workflow_event_view(h.event);
    const WorkflowTransition* t = alert_workflow().transition(h.step.action);
    e["event_id"] = h.step.event_id;
    e["action_label"] =
        t ? json::value(label_view(t->label)) : json::value(json::object{{"zh-CN", "发布"}, {"en", "Issue"}});
    e["from_level"] = h.step.from_level;
    e["to_level"] = h.step.to_level;
    e["effective_at"] = h.step.effective_at;
    e["document"] = h.step.document;
    json::value r = json::parse(h.step.reasons, ec);
    e["reasons"] = ec ? json::value(json::object()) : std::move(r);
    json::array files;
    for (const auto& f : h.files) files.push_back(record_file_view(f));
    e["files"] = std::move(files);
    history.push_back(std::move(e));
  }
  o["history"] = std::move(history);
  json::array files;
  for (const auto& f : d.unfiled) files.push_back(record_file_view(f));
  o["files"] = std::move(files);
  json::array actions;
  for (const auto& a : d.actions) actions.push_back(json::value(a));
  o["actions"] = std::move(actions);
  return o;
}

}  // namespace lantian::app
