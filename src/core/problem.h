// A supervision problem (督办问题): one item handed down by an inspection
// team, a citizen or the media, rectified by a responsible unit and person
// before a deadline, verified on site, closed, looked back at, and reopened
// as a new linked problem if it rebounds. Its states and actions are the
// workflow resources/workflows/problem.toml; its sources, types, look-back
// delays and escalation ladder are core/problem_rules.h.
//
// Also the problem loop's pure rules: deadlines (a date, N working days on
// the 调休 calendar, or 立行立改 the same day), days overdue, and the checks
// that make photo evidence trustworthy (EXIF place and time, missing EXIF).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/evidence.h"
#include "core/geo.h"

namespace lantian {

// What the unit must do with the problem's object.
enum class Disposition { rectify, ban, relocate };
std::string_view disposition_name(Disposition d);
std::optional<Disposition> disposition_named(std::string_view name);

// How the deadline was given: a date, N working days after assignment, or
// 立行立改 (immediate: the day of assignment).
enum class DeadlineKind { date, working_days, immediate };
std::string_view deadline_kind_name(DeadlineKind k);
std::optional<DeadlineKind> deadline_kind_named(std::string_view name);

struct ProblemDeadline {
  DeadlineKind kind = DeadlineKind::date;
  std::optional<Date> date;  // kind date
  int working_days = 0;      // kind working_days: 1..365
};
// The due date of a deadline given on `assigned_on`; nullopt when the date is
// missing or before assigned_on, or the days are out of range.
std::optional<Date> due_date(const ProblemDeadline& d, Date assigned_on, const WorkCalendar& cal);

struct Problem {
  int64_t id = 0;
  std::string number;  // 禹攻坚督〔2017〕12号
  int year = 0;
  int64_t seq = 0;
  std::string source;        // core/problem_rules.h ProblemSource::name
  std::string problem_type;  // ProblemType::name
  std::string status;        // a state of problem.toml
  std::string title;
  std::string description;
  std::string standard;  // 整改标准
  Disposition disposition = Disposition::rectify;
  std::optional<int64_t> enterprise_id;
  std::string enterprise_name;  // filled by queries
  std::optional<int64_t> ledger_row_id;
  std::optional<int64_t> inspection_id;  // the field inspection that found it
  std::string site;                      // the place when it is not a registered enterprise
  std::string address;
  std::optional<LngLat> location;  // WGS-84
  // Responsibility (assigned): the unit with its path, its leaders (党政同责:
  // party secretary and government head), the person, cooperating units.
  std::optional<int64_t> unit_id;
  std::string unit_path, unit_name;
  std::string leader_party, leader_government;
  std::optional<int64_t> person_id;
  std::string person_name;
  std::vector<int64_t> cooperating_unit_ids;
  // Deadline as given and as due.
  DeadlineKind deadline_kind = DeadlineKind::date;
  int deadline_days = 0;
  std::string deadline;                // YYYY-MM-DD, "" until assigned
  std::string extension_until;         // requested while an extension is pending
  std::optional<int64_t> verifier_id;  // named by the office
  std::string verifier_name;
  // The handler (承办人): the office user who assigned it, told of the
  // unit's returns, extension requests and reports (problem.toml).
  std::optional<int64_t> handler_id;
  std::string handler_name;
  std::optional<int64_t> parent_id;       // the problem this one is a rebound of
  std::optional<int64_t> merged_into_id;  // the problem a duplicate was merged into
  int failed_verifications = 0;
  int extensions = 0;
  int escalation = 0;          // EscalationStep reached (core/problem_rules.h)
  std::string lookback_due;    // YYYY-MM-DD, set on closing
  std::string reporter_name;   // a public reporter (Open311), else ""
  std::string reporter_phone;  // never shown beyond the office
  std::string reporter_email;
  std::string external_id;  // the client's id of a public request, or a 督办清单's item number
  int64_t created_by = 0;
  std::string created_at, updated_at;
  std::string assigned_at, closed_at;
  std::string reported_at;                  // the unit's last report of its rectification
  std::optional<LngLat> verified_location;  // where the verifier stood when closing it
  std::string verified_at;
  int64_t version = 1;
};

// Calendar days past the due date on `today` (0 when not late or no deadline).
int days_overdue(const std::string& deadline, Date today);

// Why a photo filed as evidence on a problem should make a verifier look
// twice. The same content on another problem is found by the store (SHA-256).
struct PhotoFlags {
  bool no_exif = false;              // neither EXIF time nor place
  std::optional<double> distance_m;  // EXIF place's distance from the site, when both are known
  bool far = false;                  // distance_m > the limit
  bool before_assigned = false;      // EXIF time before the problem was assigned
  std::vector<int64_t> reused_on;    // other problems holding the same content
  bool any() const { return no_exif || far || before_assigned || !reused_on.empty(); }
};
inline constexpr double kPhotoMaxDistanceM = 500;
// `assigned_at`: RFC 3339 UTC, "" before assignment; EXIF time is taken as
// Beijing time (cameras keep local time).
PhotoFlags photo_flags(const EvidenceRecord& e, const std::optional<LngLat>& site,
                       const std::string& assigned_at, double max_distance_m = kPhotoMaxDistanceM);

// The grid cell of a place (kPlaceCellDegrees square, ~220 m north-south), an
// integer the store indexes with the problem type: the duplicate check seeks
// the few cells its box covers instead of walking a latitude band of the whole
// district. Migration 0021 computes the same (floor of (lat + 90) / size times
// 10^6 plus floor of (lng + 180) / size).
inline constexpr double kPlaceCellDegrees = 0.002;
int64_t place_cell(const LngLat& p);
// Every cell the box [min, max] touches; empty for an inverted box or one of
// more than kMaxPlaceCells cells (the caller then searches without cells).
inline constexpr int64_t kMaxPlaceCells = 400;
std::vector<int64_t> place_cells(const LngLat& min, const LngLat& max);

}  // namespace lantian

#include "core/workflow.h"

namespace lantian {

// What the problem code implements: record "problem"; parties owner (the
// responsible unit or one above it), office (the campaign office), verifier
// (the person the office named) and system (timers); the effects the service
// runs after a move (issue_notice: due date and leaders on assignment;
// extend_deadline; schedule_lookback; count_failed_verification; open_rebound:
// a new linked problem; merge); evidence photo and document; the fields an
// action may require (unit_id, deadline, extension_until, verifier_id,
// location, merged_into). No guards and no stamps: the service keeps the
// problem's own times.
const WorkflowRegistry& problem_workflow_registry();

// The problem workflow of workflows() (always present).
const WorkflowDef& problem_workflow();

}  // namespace lantian
