#include "app/demo_alerts.h"

#include "app/account_service.h"
#include "app/alert_service.h"
#include "app/evidence_service.h"
#include "app/inspection_service.h"
#include "app/spot_check_service.h"
#include "io/evidence_media.h"
#include "store/users_repo.h"

namespace lantian::app {

namespace {

Error in_step(Error e, const std::string& step) {
  e.message = "demo alerts, " + step + ": " + e.message;
  for (const auto& f : e.fields) e.message += " [" + f.field + ": " + f.message + "]";
  return e;
}

// Where the inspector stands when a source has no place on its row: the
// district's offices.
constexpr LngLat kDistrictOffice{114.3489, 34.7781};

}  // namespace

Result<DemoAlertsSummary> seed_demo_alerts(store::Database& db, store::EvidenceStore& store) {
  ManualClock clock{TimePoint{}};
  auto at = [&](const char* when) { clock.set(*parse_time(when)); };
  EvidenceService evidence(db, store, clock);
  AlertService alerts(db, clock, evidence);
  SpotCheckService spot_checks(db);
  InspectionService inspections(db, clock, evidence);
  // Wired as the server wires them (api/api.cpp).
  alerts.set_moved(
      [&](store::Tx& tx, const Alert& a, const std::string& action, const std::string& now) -> Status {
        LT_TRY(spot_checks.on_alert_moved(tx, a, action, now));
        return {};
      });
  inspections.set_filed([&](store::Tx& tx, const Inspection& i, const std::string& now) {
    return spot_checks.on_inspection_filed(tx, i, now);
  });
  Actor office, inspector;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    for (auto [name, actor] : {std::pair{"office", &office}, std::pair{"inspector", &inspector}}) {
      LT_ASSIGN(auto u, store::users::get_by_username(tx, name));
      if (!u) return Error::not_found(std::string("demo alerts: the demo user '") + name + "' is missing");
      *actor = actor_for(*u, 0, "demo-seed");
    }
    return {};
  }));
  DemoAlertsSummary out;

  // The forecast of the 14th: two days above 200 — the standard's yellow.
  at("2017-12-14T16:00:00+08:00");
  std::vector<ForecastInput> days;
  const std::pair<const char*, int> forecast[] = {
      {"2017-12-15", 185}, {"2017-12-16", 215}, {"2017-12-17", 238}};
  for (auto [day, aqi] : forecast)
    days.push_back({std::nullopt, "2017-12-14", day, aqi, "PM2.5", "开封市环境监测站（示例）"});
  auto n = alerts.enter_forecasts(office, days);
  if (!n.ok()) return in_step(n.take_error(), "entering the forecast");
  out.forecasts += *n;

  at("2017-12-14T17:30:00+08:00");
  IssueInput issue;
  issue.level = "yellow";
  issue.effective_at = "2017-12-16T00:00:00+08:00";
  issue.note = "据市环境监测站预报，12月16日至17日我区空气质量将达重度污染，启动黄色预警（Ⅲ级）应急响应。";
  auto alert = alerts.issue(office, issue);
  if (!alert.ok()) return in_step(alert.take_error(), "issuing the yellow alert");
  ++out.alerts;
  const int64_t alert_id = alert->alert.id;

  // The inspector checks the first two sources on the list on the 16th.
  auto list = spot_checks.list(inspector, alert_id, "");
  if (!list.ok()) return in_step(list.take_error(), "listing the spot checks");
  out.spot_checks = list->total;
  std::string photo;
  LT_ASSIGN(photo, io::placeholder_jpeg(320, 240, 150, 150, 160));
  const char* times[] = {"2017-12-16T09:40:00+08:00", "2017-12-16T11:10:00+08:00"};
  for (size_t i = 0; i < list->items.size() && i < std::size(times); ++i) {
    const SpotCheck& c = list->items[i];
    at(times[i]);
    InspectionInput in;
    in.checklist = "emergency_measures";
    in.ledger_row_id = c.ledger_row_id;
    in.location = c.lng && c.lat ? LngLat{*c.lng, *c.lat} : kDistrictOffice;
    in.person_met = "企业环保负责人（示例）";
    in.note = "黄色预警期间现场抽查（示例）";
    for (const char* code : {"measures_for_level", "lines_stopped", "production_cut", "earthwork_stopped",
                             "transport_stopped", "monitoring_running", "records_kept"}) {
      InspectionItem it;
      it.code = code;
      // A factory has no earthwork and a site no lines: not applicable.
      const bool site_item = std::string(code) == "earthwork_stopped";
      it.result = site_item ? "not_applicable" : "pass";
      in.items.push_back(std::move(it));
    }
    auto r = inspections.create(inspector, in);
    if (!r.ok()) return in_step(r.take_error(), "checking " + c.source_name);
    auto f = inspections.attach(inspector, r->inspection.id, {"现场.jpg", "image/jpeg", photo}, false);
    if (!f.ok()) return in_step(f.take_error(), "filing a spot-check photo");
    ++out.checked;
  }

  // The episode ends with the 17th: the office lifts that evening.
  at("2017-12-17T20:00:00+08:00");
  auto current = alerts.get(office, alert_id);
  if (!current.ok()) return in_step(current.take_error(), "reading the alert");
  AlertActionInput lift;
  lift.action = "lift";
  lift.version = current->alert.version;
  lift.note = "经会商，受冷空气影响，我区扩散条件明显好转，自12月17日20时起解除黄色预警。";
  auto lifted = alerts.act(office, alert_id, lift);
  if (!lifted.ok()) return in_step(lifted.take_error(), "lifting the alert");
  return out;
}

}  // namespace lantian::app
