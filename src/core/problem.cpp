#include "core/problem.h"

#include <cmath>

#include "core/clock.h"
#include "core/workflows.h"

namespace lantian {
namespace {

constexpr std::pair<Disposition, std::string_view> kDispositions[] = {
    {Disposition::rectify, "rectify"}, {Disposition::ban, "ban"}, {Disposition::relocate, "relocate"}};
constexpr std::pair<DeadlineKind, std::string_view> kDeadlineKinds[] = {
    {DeadlineKind::date, "date"},
    {DeadlineKind::working_days, "working_days"},
    {DeadlineKind::immediate, "immediate"}};

template <class E, size_t N>
std::string_view name_of(const std::pair<E, std::string_view> (&table)[N], E v) {
  for (const auto& [e, n] : table)
    if (e == v) return n;
  return "";
}
template <class E, size_t N>
std::optional<E> named(const std::pair<E, std::string_view> (&table)[N], std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace

std::string_view disposition_name(Disposition d) { return name_of(kDispositions, d); }
std::optional<Disposition> disposition_named(std::string_view n) { return named(kDispositions, n); }
std::string_view deadline_kind_name(DeadlineKind k) { return name_of(kDeadlineKinds, k); }
std::optional<DeadlineKind> deadline_kind_named(std::string_view n) { return named(kDeadlineKinds, n); }

std::optional<Date> due_date(const ProblemDeadline& d, Date assigned_on, const WorkCalendar& cal) {
  switch (d.kind) {
    case DeadlineKind::immediate:
      return assigned_on;
    case DeadlineKind::working_days:
      if (d.working_days < 1 || d.working_days > 365) return std::nullopt;
      return cal.add_working_days(assigned_on, d.working_days);
    case DeadlineKind::date:
      if (!d.date || *d.date < assigned_on) return std::nullopt;
      return d.date;
  }
  return std::nullopt;
}

int days_overdue(const std::string& deadline, Date today) {
  auto due = parse_date(deadline);
  if (!due || today <= *due) return 0;
  return int((today - *due).count());
}

PhotoFlags photo_flags(const EvidenceRecord& e, const std::optional<LngLat>& site,
                       const std::string& assigned_at, double max_distance_m) {
  PhotoFlags f;
  const bool has_place = e.gps_lat && e.gps_lon;
  f.no_exif = !has_place && !e.taken_at;
  if (has_place && site) {
    f.distance_m = distance_m(*site, LngLat{*e.gps_lon, *e.gps_lat});
    f.far = *f.distance_m > max_distance_m;
  }
  if (e.taken_at && !assigned_at.empty()) {
    // EXIF "YYYY-MM-DDTHH:MM:SS" is the camera's local time: Beijing here.
    auto taken = parse_time(*e.taken_at + "+08:00");
    auto assigned = parse_time(assigned_at);
    f.before_assigned = taken && assigned && *taken < *assigned;
  }
  return f;
}

const WorkflowRegistry& problem_workflow_registry() {
  static const WorkflowRegistry r = [] {
    WorkflowRegistry reg;
    reg.record = "problem";
    reg.parties = Party::owner | Party::office;
    reg.parties |= unsigned(Party::verifier) | unsigned(Party::system);
    reg.effects = {"issue_notice", "extend_deadline", "schedule_lookback", "count_failed_verification",
                   "open_rebound", "merge",           "take_handler",      "record_report"};
    // unit: the responsible unit's leaders and staff and the named person;
    // unit_leaders: its leaders only; person: the named person; requester:
    // who made the move the action answers; handler: the office user who
    // assigned it (all office users when there is none); verifier: the named
    // verifier.
    reg.recipients = {"unit", "unit_leaders", "person", "requester", "handler", "verifier"};
    for (auto k : evidence_kind_names()) reg.evidence_kinds.emplace(k);
    reg.fields = {"unit_id", "deadline", "extension_until", "verifier_id", "location", "merged_into"};
    return reg;
  }();
  return r;
}

const WorkflowDef& problem_workflow() { return *workflows().find("problem"); }

namespace {
int64_t cell_row(double lat) { return int64_t(std::floor((lat + 90) / kPlaceCellDegrees)); }
int64_t cell_col(double lng) { return int64_t(std::floor((lng + 180) / kPlaceCellDegrees)); }
}  // namespace

int64_t place_cell(const LngLat& p) { return cell_row(p.lat) * 1000000 + cell_col(p.lng); }

std::vector<int64_t> place_cells(const LngLat& min, const LngLat& max) {
  std::vector<int64_t> out;
  const int64_t r0 = cell_row(min.lat), r1 = cell_row(max.lat), c0 = cell_col(min.lng),
                c1 = cell_col(max.lng);
  if (r1 < r0 || c1 < c0 || (r1 - r0 + 1) * (c1 - c0 + 1) > kMaxPlaceCells) return out;
  for (int64_t r = r0; r <= r1; ++r)
    for (int64_t c = c0; c <= c1; ++c) out.push_back(r * 1000000 + c);
  return out;
}

}  // namespace lantian
