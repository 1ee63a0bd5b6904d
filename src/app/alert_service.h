// AlertService: heavy-pollution alerts (重污染天气预警, issue 13) — the daily
// AQI forecasts entered or imported, the level the warning standard
// (core/warning_standard.h) gives the current forecast and why, and the
// alerts the campaign office issues, upgrades, downgrades and lifts, each
// move with its effective time and document (a generated notice, and files
// uploaded on the alert), kept as the alert's history: workflow_events
// (workflow "alert", resources/workflows/alert.toml) with the level before
// and after in aq_alert_steps. Also each alert as a CAP 1.2 message and the
// alerts as an Atom feed (io/cap.h, io/atom.h).
//
// The current forecast is, for each day from today (Beijing time), the
// latest issued forecast of the district. Only one alert is in force at a
// time: the district has one level (two issued at the same moment on
// PostgreSQL both find none in force, but draw the same number, and the
// second fails on its uniqueness: database_conflict). A deployment's
// alert.toml may relabel, recolour and add states; the actions upgrade,
// downgrade and lift keep their meaning here (the level must rise, fall;
// the lift stamps lifted_at).
//
// Permissions: alerts.read to see forecasts, the decision, alerts and their
// documents (every role that reads); alerts.manage to enter forecasts and to
// issue, upgrade, downgrade and lift (the office: the workflow's party
// "office"), and to file documents on an alert.
//
// Errors: not_permitted; alert_not_found; stale_version; alert_in_force
// (issuing while another alert is in force); the workflow's refusals
// (app/workflow_records.h: unknown_workflow_action, office_only,
// workflow_action_not_allowed, required); invalid with field errors: level
// (alert_level_unknown, alert_level_not_higher for an upgrade,
// alert_level_not_lower for a downgrade), effective_at / expires_at
// (not_a_time, expires_before_effective), files (evidence_not_of_record),
// status of a list (unknown_status);
// forecasts: days[i].day / issued_on (not_a_date, forecast_day_before_issue),
// days[i].aqi (out_of_range), days[i].primary (aq_pollutant_unknown),
// unit_id (invalid), too many days (forecast_too_many_days); the CSV import:
// csv_unreadable, csv_header, csv_no_rows, and field errors named
// "csv:LINE:COLUMN" with the codes above.
//
// Thread-safety: thread-safe (the database is; the service keeps no state
// besides its collaborators).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/uploads.h"
#include "core/alert.h"
#include "core/clock.h"
#include "core/geo.h"
#include "core/record_file.h"
#include "core/warning_standard.h"
#include "store/db.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

inline constexpr std::string_view kAlertRecord = "alert";
inline constexpr size_t kMaxForecastDaysPerRequest = 400;
inline constexpr int64_t kMaxFilesPerAlert = 50;

// Who sends the alerts' CAP messages and what the notices are signed with.
struct AlertOptions {
  std::string sender = "lantian@yuwangtai.gov.cn";  // CAP <sender>: no spaces or commas
  std::string sender_name = "禹王台区重污染天气应急指挥部办公室";
  // The district (CAP <area>): its name and WGS-84 boundary. Empty = the
  // area is named without a polygon.
  std::vector<Area> areas;
};

struct ForecastInput {
  std::optional<int64_t> unit_id;  // nullopt: the district
  std::string issued_on;           // YYYY-MM-DD
  std::string day;                 // YYYY-MM-DD
  int aqi = 0;
  std::string primary;  // "PM2.5" or "PM2.5;PM10"; "" = not given
  std::string source;   // who forecast it
};

// The current forecast from `from` on and what the standard makes of it.
struct ForecastDecision {
  std::string from;            // today, YYYY-MM-DD (Beijing)
  std::vector<Forecast> days;  // the latest issued per day, by day
  const WarningStandard* standard = nullptr;
  WarningDecision decision;       // points into *standard
  std::optional<Alert> in_force;  // the alert in force, if any
  // What the office should do now: "issue" (none in force and the forecast
  // calls for one), "upgrade", "downgrade", "lift" (in force, the forecast
  // calls for none), or "" when the alert matches the forecast.
  std::string suggestion;
  // The decided level's lead time (the standard's lead_hours, e.g. red ≥ 24 h
  // ahead) against the hours from now to the deciding episode's first day
  // (00:00 Beijing); short = an alert issued now is later than the standard
  // asks. Shown, not enforced: the office still issues.
  int lead_hours = 0;
  int64_t hours_left = 0;
  bool lead_time_short = false;
};

struct AlertStepView {
  AlertStep step;
  store::workflow_events::Event event;  // who, when, the note
  std::vector<RecordFile> files;        // uploaded with the move
};

struct AlertDetail {
  Alert alert;
  std::vector<AlertStepView> history;  // oldest first
  std::vector<RecordFile> unfiled;     // uploaded, not yet filed with a move
  std::vector<std::string> actions;    // what the reader may do now
};

struct IssueInput {
  std::string level;
  std::string effective_at;  // RFC 3339; "" = now
  std::string expires_at;    // RFC 3339; "" = the end of the forecast episode's last day
  std::string note;
};

struct AlertActionInput {
  std::string action;  // upgrade, downgrade, lift
  int64_t version = 0;
  std::string level;         // upgrade, downgrade
  std::string effective_at;  // "" = now
  std::string expires_at;    // "" = keep (upgrade, downgrade)
  std::string note;
  std::vector<int64_t> files;  // the alert's files not yet filed with a move
};

// What the list answers: alerts newest first and whether the reader may
// issue one now.
struct AlertList {
  std::vector<Alert> items;
  std::vector<std::string> actions;  // ["issue"] when the reader may issue
};

class AlertService {
 public:
  AlertService(store::Database& db, const Clock& clock, EvidenceService& evidence, AlertOptions options = {})
      : db_(db), clock_(clock), evidence_(evidence), options_(std::move(options)) {}

  // --- forecasts (alert_forecasts.cpp) ---
  // Stores the days (each replacing the same unit's, issue date's and day's);
  // returns how many. All or nothing.
  Result<int64_t> enter_forecasts(const Actor& a, const std::vector<ForecastInput>& days);
  // A CSV of `day,aqi,primary` (header first; primary may be empty) issued on
  // `issued_on` by `source`, for the district. All or nothing.
  Result<int64_t> import_forecast_csv(const Actor& a, std::string_view bytes, const std::string& issued_on,
                                      const std::string& source);
  // The current forecast of the district and the standard's decision.
  Result<ForecastDecision> decision(const Actor& a);
  // Every stored forecast day of the district (or of `unit_id`) from..to
  // (YYYY-MM-DD), as issued.
  Result<std::vector<Forecast>> forecasts(const Actor& a, const std::string& from, const std::string& to,
                                          std::optional<int64_t> unit_id = std::nullopt);

  // --- alerts (alert_service.cpp) ---
  Result<AlertDetail> issue(const Actor& a, const IssueInput& in);
  Result<AlertDetail> act(const Actor& a, int64_t id, const AlertActionInput& in);
  Result<AlertList> list(const Actor& a, const std::string& status, int64_t limit);
  Result<AlertDetail> get(const Actor& a, int64_t id);
  // Files a document or photo on the alert (record_files, kind "alert"),
  // to be named by the next move's `files`.
  Result<RecordFile> attach(const Actor& a, int64_t id, const AttachmentUpload& file);
  Result<std::pair<RecordFile, std::string>> file(const Actor& a, int64_t file_id, bool thumbnail);

  // The alert's latest move as a CAP 1.2 message, or the move `event_id`'s.
  Result<std::string> cap(const Actor& a, int64_t id, std::optional<int64_t> event_id = std::nullopt);
  // The latest alerts (at most 50) as an Atom feed; `self` is the feed's own
  // URL, `base` what alert links are made from ("/api/v1/aq/alerts/").
  Result<std::string> atom(const Actor& a, const std::string& self, const std::string& base);

  // What else a move does in its transaction (the spot checks of an issued
  // or upgraded alert, app/spot_check_service.h): called after the move is
  // written; its error undoes the move.
  using MovedHook =
      std::function<Status(store::Tx&, const Alert&, const std::string& action, const std::string& now)>;
  void set_moved(MovedHook hook) { moved_ = std::move(hook); }

  const WarningStandard& standard() const { return warning_standard(); }
  std::string today() const;

 private:
  Result<AlertDetail> load_detail(store::Tx& tx, const Actor& a, int64_t id);

  store::Database& db_;
  const Clock& clock_;
  EvidenceService& evidence_;
  AlertOptions options_;
  MovedHook moved_;
};

// The notice generated for a move (the step's document): Chinese text as
// the office's notices are written.
std::string alert_notice(const AlertOptions& o, const WarningStandard& s, const Alert& a,
                         const AlertStep& step);

}  // namespace lantian::app
