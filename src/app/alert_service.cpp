// AlertService's alerts: issue, the workflow's moves (upgrade, downgrade,
// lift), lists, the detail with its history and actions, and files
// (app/alert_service.h).
#include "app/alert_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/alert_internal.h"
#include "app/alert_views.h"
#include "app/audit.h"
#include "app/record_files.h"
#include "app/workflow_records.h"
#include "store/alerts_repo.h"
#include "store/record_files_repo.h"

namespace lantian::app {
namespace {

constexpr int64_t kMaxListed = 200;
constexpr const char* kTimeExample = "2017-12-19T00:00:00+08:00";

PartySet parties_of(const Actor& a) { return a.can("alerts.manage") ? unsigned(Party::office) : 0u; }

// A time given as RFC 3339, or now when empty; as the store keeps it.
Result<std::string> time_or(const std::string& given, const std::string& field, const std::string& now) {
  if (given.empty()) return now;
  auto t = parse_time(given);
  if (!t || given.size() < 11) return Error::field(field, "not_a_time", {{"example", kTimeExample}});
  return format_utc(*t);
}

// The end of a Beijing day (24:00 = 00:00 of the next day, +08:00) in UTC.
std::string end_of_day(const std::string& day) {
  auto d = parse_date(day);
  return format_utc(TimePoint(*d + std::chrono::days(1) - std::chrono::hours(8)));
}

// The current forecast's decision and its JSON (kept as the reasons).
struct Decided {
  WarningDecision decision;
  std::string reasons;
};
Result<Decided> decide_now(store::Tx& tx, const std::string& today) {
  LT_ASSIGN(auto current, read_current_forecast(tx, today));
  Decided out;
  out.decision = std::move(current.decision);
  out.reasons = boost::json::serialize(warning_decision_view(out.decision));
  return out;
}

// A move's effective time (default now) and expiry (nullopt when not given).
struct MoveTimes {
  std::string effective;
  std::optional<std::string> expires;
};
Result<MoveTimes> move_times(const std::string& effective_at, const std::string& expires_at,
                             const std::string& now) {
  MoveTimes t;
  LT_ASSIGN(t.effective, time_or(effective_at, "effective_at", now));
  if (!expires_at.empty()) {
    LT_ASSIGN(t.expires, time_or(expires_at, "expires_at", now));
  }
  return t;
}

void take_episode(Alert& a, const WarningDecision& d) {
  if (!d.episode) return;
  const Episode& e = d.episodes[*d.episode].episode;
  a.episode_first = format_date(e.first);
  a.episode_last = format_date(e.last);
  a.peak_aqi = e.peak;
}

boost::json::object audit_view(const Alert& a) {
  return {{"number", a.number}, {"level", a.level}, {"status", a.status}, {"effective_at", a.effective_at}};
}

std::string files_json(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

}  // namespace

Result<AlertDetail> AlertService::load_detail(store::Tx& tx, const Actor& a, int64_t id) {
  LT_ASSIGN(auto alert, store::alerts::get(tx, id));
  if (!alert) return Error::make("alert_not_found");
  AlertDetail d;
  d.alert = std::move(*alert);
  LT_ASSIGN(auto steps, store::alerts::steps(tx, id));
  LT_ASSIGN(auto events, store::workflow_events::for_record(tx, std::string(kAlertWorkflow), id));
  LT_ASSIGN(auto files, store::record_files::for_record(tx, std::string(kAlertRecord), id));
  std::map<int64_t, store::workflow_events::Event> by_id;
  for (auto& e : events) by_id[e.id] = std::move(e);
  for (auto& s : steps) {
    AlertStepView v;
    v.event = by_id[s.event_id];
    v.step = std::move(s);
    for (const auto& f : files)
      if (f.event_id && *f.event_id == v.step.event_id) v.files.push_back(f);
    d.history.push_back(std::move(v));
  }
  for (auto& f : files)
    if (!f.event_id) d.unfiled.push_back(std::move(f));
  // The buttons: the workflow's actions for the reader, an upgrade only when
  // a higher level exists, a downgrade only when a lower one does.
  ActionCheck c;
  c.state = d.alert.status;
  c.parties = parties_of(a);
  const WarningStandard& s = warning_standard();
  const WarningLevel* cur = s.level(d.alert.level);
  for (auto& name : available_actions(alert_workflow(), c)) {
    if (name == "upgrade" && cur && cur->rank >= s.levels.back().rank) continue;
    if (name == "downgrade" && cur && cur->rank <= s.levels.front().rank) continue;
    d.actions.push_back(std::move(name));
  }
  return d;
}

Result<AlertDetail> AlertService::issue(const Actor& a, const IssueInput& in) {
  if (!a.can("alerts.manage")) return Error::make("not_permitted", {{"permission", "alerts.manage"}});
  const WarningStandard& s = warning_standard();
  const WarningLevel* level = s.level(in.level);
  if (!level) return Error::field("level", "alert_level_unknown", {{"level", in.level}});
  const std::string now = format_utc(clock_.now());
  LT_ASSIGN(MoveTimes times, move_times(in.effective_at, in.expires_at, now));
  const std::string& effective = times.effective;
  const std::optional<std::string>& expires = times.expires;
  AlertDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto open, store::alerts::list(tx, alert_workflow().open_states(), 1));
    if (!open.empty()) return Error::make("alert_in_force", {{"number", open.front().number}});
    LT_ASSIGN(auto decided, decide_now(tx, today()));
    Alert al;
    // The year of the notice: Beijing's.
    al.year = int(std::chrono::year_month_day(
                      std::chrono::floor<std::chrono::days>(clock_.now() + std::chrono::hours(8)))
                      .year());
    LT_ASSIGN(al.seq, store::alerts::next_seq(tx, al.year));
    al.number = fmt::format("{}-{:03}", al.year, al.seq);
    al.level = level->code;
    al.status = alert_workflow().initial;
    al.standard = s.name;
    al.issued_at = now;
    al.effective_at = effective;
    take_episode(al, decided.decision);
    al.expires_at = expires           ? expires
                    : al.episode_last ? std::optional(end_of_day(*al.episode_last))
                                      : std::nullopt;
    if (al.expires_at && *al.expires_at <= al.effective_at)
      return Error::field("expires_at", lantian::issue("expires_before_effective"));
    al.reasons = decided.reasons;
    if (a.user_id) al.created_by = a.user_id;
    LT_ASSIGN(al, store::alerts::insert(tx, al, now));
    LT_ASSIGN(int64_t event,
              record_workflow_event(tx, a, kAlertWorkflow, al.id, "issue", "", al.status, in.note, now));
    AlertStep step;
    step.event_id = event, step.alert_id = al.id, step.action = "issue";
    step.to_level = al.level, step.effective_at = effective, step.reasons = decided.reasons;
    step.document = alert_notice(options_, s, al, step);
    LT_TRY(store::alerts::insert_step(tx, step));
    if (moved_) LT_TRY(moved_(tx, al, "issue", now));
    LT_TRY(record_audit(tx, a, "issue", "alert", std::to_string(al.id), nullptr, audit_view(al), now));
    LT_ASSIGN(out, load_detail(tx, a, al.id));
    return {};
  }));
  return out;
}

Result<AlertDetail> AlertService::act(const Actor& a, int64_t id, const AlertActionInput& in) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  const WarningStandard& s = warning_standard();
  const std::string now = format_utc(clock_.now());
  LT_ASSIGN(MoveTimes times, move_times(in.effective_at, in.expires_at, now));
  const std::string& effective = times.effective;
  const std::optional<std::string>& expires = times.expires;
  AlertDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto found, store::alerts::get(tx, id));
    if (!found) return Error::make("alert_not_found");
    Alert al = std::move(*found);
    if (in.version != al.version)
      return Error::make("stale_version", {{"version", std::to_string(al.version)}});
    const Alert before = al;
    ActionCheck c;
    c.state = al.status;
    c.parties = parties_of(a);
    c.has_note = !in.note.empty();
    c.fields.insert("effective_at");  // now, when not given
    if (!in.level.empty()) c.fields.insert("level");
    for (int64_t fid : in.files) {
      LT_ASSIGN(auto f, store::record_files::get(tx, fid));
      if (!f || f->record_kind != kAlertRecord || f->record_id != id || f->event_id)
        return Error::field("files", lantian::issue("evidence_not_of_record", {{"id", std::to_string(fid)}}));
      c.evidence.insert(f->kind);
    }
    LT_ASSIGN(const WorkflowTransition* t, check_workflow_action(alert_workflow(), in.action, c));
    const WarningLevel* cur = s.level(al.level);
    AlertStep step;
    step.action = t->name;
    step.from_level = al.level;
    step.effective_at = effective;
    if (t->name == "upgrade" || t->name == "downgrade") {
      const WarningLevel* to = s.level(in.level);
      if (!to) return Error::field("level", "alert_level_unknown", {{"level", in.level}});
      const bool up = t->name == "upgrade";
      if (cur && (up ? to->rank <= cur->rank : to->rank >= cur->rank))
        return Error::field("level", up ? "alert_level_not_higher" : "alert_level_not_lower",
                            {{"level", to->code}, {"current", cur->code}});
      al.level = to->code;
      (up ? al.upgraded_at : al.downgraded_at) = effective;
      al.effective_at = effective;
      step.to_level = to->code;
    } else if (t->name == "lift") {
      al.lifted_at = effective;
    }
    LT_ASSIGN(auto decided, decide_now(tx, today()));
    if (t->name != "lift") {
      // The episode as forecast now, and its end unless an expiry is given.
      take_episode(al, decided.decision);
      if (expires)
        al.expires_at = expires;
      else if (decided.decision.episode)
        al.expires_at = end_of_day(*al.episode_last);
    }
    if (al.expires_at && *al.expires_at <= al.effective_at)
      return Error::field("expires_at", lantian::issue("expires_before_effective"));
    al.status = t->to;
    al.reasons = decided.reasons;
    step.reasons = decided.reasons;
    LT_ASSIGN(bool written, store::alerts::update(tx, al, now));
    if (!written) return Error::make("stale_version", {{"version", std::to_string(al.version)}});
    LT_ASSIGN(int64_t event, record_workflow_event(tx, a, kAlertWorkflow, id, t->name, before.status,
                                                   al.status, in.note, now, files_json(in.files)));
    LT_TRY(store::record_files::set_event(tx, in.files, event));
    step.event_id = event, step.alert_id = id;
    step.document = alert_notice(options_, s, al, step);
    LT_TRY(store::alerts::insert_step(tx, step));
    if (moved_) LT_TRY(moved_(tx, al, t->name, now));
    LT_TRY(
        record_audit(tx, a, t->name, "alert", std::to_string(id), audit_view(before), audit_view(al), now));
    LT_ASSIGN(out, load_detail(tx, a, id));
    return {};
  }));
  return out;
}

Result<AlertList> AlertService::list(const Actor& a, const std::string& status, int64_t limit) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  if (!status.empty() && !alert_workflow().state(status))
    return Error::field("status", "unknown_status", {{"status", status}});
  AlertList out;
  limit = std::clamp<int64_t>(limit, 1, kMaxListed);
  bool in_force = false;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    std::vector<std::string> statuses;
    if (!status.empty()) statuses.push_back(status);
    LT_ASSIGN(out.items, store::alerts::list(tx, statuses, limit));
    LT_ASSIGN(auto open, store::alerts::list(tx, alert_workflow().open_states(), 1));
    in_force = !open.empty();
    return {};
  }));
  if (a.can("alerts.manage") && !in_force) out.actions.push_back("issue");
  return out;
}

Result<AlertDetail> AlertService::get(const Actor& a, int64_t id) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  AlertDetail out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, load_detail(tx, a, id));
    return {};
  }));
  return out;
}

Result<RecordFile> AlertService::attach(const Actor& a, int64_t id, const AttachmentUpload& file) {
  if (!a.can("alerts.manage")) return Error::make("not_permitted", {{"permission", "alerts.manage"}});
  return file_on_record(db_, evidence_, clock_, a, {kAlertRecord, id, kMaxFilesPerAlert, ""}, file,
                        [&](store::Tx& tx) -> Status {
                          LT_ASSIGN(auto al, store::alerts::get(tx, id));
                          if (!al) return Error::make("alert_not_found");
                          const WorkflowState* st = alert_workflow().state(al->status);
                          if (st && st->final)
                            return Error::make(
                                "workflow_action_not_allowed",
                                {{"action", "attach"}, {"status", al->status}, {"workflow", "alert"}});
                          return {};
                        });
}

Result<std::pair<RecordFile, std::string>> AlertService::file(const Actor& a, int64_t file_id,
                                                              bool thumbnail) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  return read_record_file(db_, evidence_, kAlertRecord, file_id, thumbnail,
                          [&](store::Tx& tx, int64_t id) -> Status {
                            LT_ASSIGN(auto al, store::alerts::get(tx, id));
                            if (!al) return Error::make("alert_not_found");
                            return {};
                          });
}

}  // namespace lantian::app
