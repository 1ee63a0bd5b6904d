// ProblemService::act: one move of problem.toml with what it needs, its
// effects (the names the definition gives; problem_workflow_registry), its
// history event with the files filed with it, the audit and the notices.
#include <algorithm>
#include <set>

#include "app/audit.h"
#include "app/problem_service.h"
#include "app/problem_views.h"
#include "app/workflow_records.h"
#include "core/text.h"
#include "core/workflows.h"
#include "store/record_files_repo.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

constexpr size_t kMaxFilesPerMove = 20;
constexpr size_t kMaxCooperating = 20;

Error deadline_error(std::string code_issue, Params p = {}) {
  return Error::field("deadline", issue(code_issue, std::move(p)));
}

}  // namespace

// The effects and the fields they read, in one place (a name here is a name
// of problem_workflow_registry().effects or .fields).
struct ProblemMoves {
  ProblemService& s;
  store::Tx& tx;
  const Actor& a;
  const ProblemActionInput& in;
  const std::string& now;
  const std::string today;

  // The fields an action may require, as given with this move.
  std::set<std::string, std::less<>> given() const {
    std::set<std::string, std::less<>> f;
    if (in.assignment.unit_id) f.insert("unit_id");
    const auto& kind = in.assignment.deadline_kind;
    if (!in.assignment.deadline.empty() || in.assignment.deadline_days || (kind && *kind == "immediate"))
      f.insert("deadline");
    if (!in.extension_until.empty()) f.insert("extension_until");
    if (in.verifier_id) f.insert("verifier_id");
    if (in.location) f.insert("location");
    if (in.merged_into) f.insert("merged_into");
    return f;
  }

  // Checks the values an action's required fields carry and writes them on `p`.
  Status take_fields(const WorkflowTransition& tr, Problem& p) {
    auto needs = [&](std::string_view f) {
      return std::find(tr.required_fields.begin(), tr.required_fields.end(), f) != tr.required_fields.end();
    };
    if (needs("verifier_id")) {
      LT_ASSIGN(auto u, store::users::get(tx, *in.verifier_id));
      if (!u || u->disabled) return Error::field("verifier_id", issue("no_such_user"));
      Actor probe;
      probe.grant = grant_for(u->roles);
      if (!probe.can("problems.manage")) return Error::field("verifier_id", issue("verifier_not_office"));
      p.verifier_id = u->id;
    }
    if (needs("extension_until")) {
      if (!parse_date(in.extension_until))
        return Error::field("extension_until", issue("not_a_date", {{"example", "2017-11-30"}}));
      if (in.extension_until <= p.deadline)
        return Error::field("extension_until", issue("extension_not_later", {{"deadline", p.deadline}}));
      p.extension_until = in.extension_until;
    }
    if (needs("location")) {
      auto at = stored_location(*in.location);
      if (auto* i = std::get_if<Issue>(&at)) return Error::field("location", *i);
      verified_at = std::get<LngLat>(at);
    }
    if (needs("merged_into")) {
      auto found = s.load_visible(tx, a, *in.merged_into);
      if (!found.ok()) return Error::field("merged_into", issue("no_such_problem"));
      const Problem& target = *found;
      const WorkflowState* st = problem_workflow().state(target.status);
      // Into an earlier problem that still runs: the original of the duplicate.
      if (target.id >= p.id || !st || st->final)
        return Error::field("merged_into", issue("merge_target_invalid", {{"number", target.number}}));
      p.merged_into_id = target.id;
    }
    if (needs("unit_id")) LT_TRY(assignment(p));
    return {};
  }

  // issue_notice's inputs: the responsible unit, person, leaders,
  // cooperating units and the due date.
  Status assignment(Problem& p) {
    const ProblemAssignment& as = in.assignment;
    LT_ASSIGN(auto unit, store::units::get(tx, *as.unit_id));
    if (!unit || unit->disabled) return Error::field("unit_id", issue("no_such_unit"));
    p.unit_id = unit->id;
    p.unit_path = unit->path;
    p.leader_party = trim(as.leader_party.value_or(unit->party_secretary.name));
    p.leader_government = trim(as.leader_government.value_or(unit->government_head.name));
    if (auto m = check_text(p.leader_party, 50, false)) return Error::field("leader_party", *m);
    if (auto m = check_text(p.leader_government, 50, false)) return Error::field("leader_government", *m);
    p.person_id = as.person_id;
    p.person_name = trim(as.person_name);
    if (as.person_id) {
      LT_ASSIGN(auto u, store::users::get(tx, *as.person_id));
      // The person answers for the unit: one of its users (or of a unit below it).
      if (!u || u->disabled || u->unit_path.rfind(unit->path, 0) != 0)
        return Error::field("person_id", issue("person_not_of_unit"));
      if (p.person_name.empty()) p.person_name = u->name;
    }
    if (auto m = check_text(p.person_name, 50, false)) return Error::field("person_name", *m);
    if (as.cooperating_unit_ids.size() > kMaxCooperating)
      return Error::field("cooperating_unit_ids",
                          issue("too_many", {{"max", std::to_string(kMaxCooperating)}}));
    p.cooperating_unit_ids.clear();
    for (int64_t id : as.cooperating_unit_ids) {
      LT_ASSIGN(auto c, store::units::get(tx, id));
      if (!c || c->disabled || id == unit->id)
        return Error::field("cooperating_unit_ids", issue("no_such_unit"));
      if (std::find(p.cooperating_unit_ids.begin(), p.cooperating_unit_ids.end(), id) ==
          p.cooperating_unit_ids.end())
        p.cooperating_unit_ids.push_back(id);
    }
    if (as.standard) {
      p.standard = trim(*as.standard);
      if (auto m = check_text(p.standard, 2000, false, true)) return Error::field("standard", *m);
    }
    // The deadline: a date, N working days (调休-aware) or immediately.
    auto kind = deadline_kind_named(as.deadline_kind.value_or("date"));
    if (!kind)
      return Error::field("deadline_kind", issue("one_of", {{"values", "date, working_days, immediate"}}));
    ProblemDeadline d;
    d.kind = *kind;
    d.working_days = as.deadline_days;
    if (*kind == DeadlineKind::date) {
      d.date = parse_date(as.deadline);
      if (!d.date) return deadline_error("not_a_date", {{"example", "2017-11-30"}});
    }
    auto cal = s.calendar_ ? s.calendar_() : nullptr;
    auto on = parse_date(today);
    if (!cal || !on) return Error::internal("no working calendar");
    auto due = due_date(d, *on, *cal);
    if (!due) return deadline_error("deadline_invalid", {{"today", today}});
    p.deadline_kind = *kind;
    p.deadline_days = *kind == DeadlineKind::working_days ? as.deadline_days : 0;
    p.deadline = format_date(*due);
    p.assigned_at = now;
    p.escalation = 0;
    return {};
  }

  // Runs the action's effects on `p` (before it is written); `rebound`
  // receives the problem a rebound opened.
  Status effects(const WorkflowTransition& tr, Problem& p, std::optional<Problem>& rebound) {
    for (const auto& e : tr.effects) {
      if (e == "extend_deadline") {
        if (!p.extension_until.empty()) p.deadline = p.extension_until;
        p.extension_until.clear();
        ++p.extensions;
        p.escalation = 0;
      } else if (e == "schedule_lookback") {
        p.closed_at = now;
        auto day = parse_date(today);
        // The timer on the closed state gives the default delay.
        int fallback = 30;
        for (const auto& t : problem_workflow().timers)
          if (t.state == tr.to) fallback = t.days;
        int days = problem_rules().lookback_days_for(p.source, p.problem_type, fallback);
        p.lookback_due = format_date(*day + std::chrono::days(days));
      } else if (e == "count_failed_verification") {
        ++p.failed_verifications;
        p.verifier_id.reset();
      } else if (e == "open_rebound") {
        Problem r;
        r.source = p.source;
        r.problem_type = p.problem_type;
        r.status = problem_workflow().initial;
        r.title = p.title;
        r.description = in.note;
        r.standard = p.standard;
        r.disposition = p.disposition;
        r.enterprise_id = p.enterprise_id;
        r.ledger_row_id = p.ledger_row_id;
        r.site = p.site;
        r.address = p.address;
        r.location = p.location;
        r.parent_id = p.id;
        r.created_by = a.user_id;
        auto year = parse_date(today);
        r.year = int(std::chrono::year_month_day(*year).year());
        LT_ASSIGN(r.seq, store::problems::draw_number(tx, r.source, r.year));
        r.number = format_problem_number(*problem_rules().source(r.source), r.year, r.seq);
        rebound = std::move(r);
      } else if (e == "record_report") {
        p.reported_at = now;
      } else if (e == "take_handler") {
        p.handler_id = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
      }
      // issue_notice and merge take effect through their fields (take_fields).
    }
    if (tr.to == "rectifying" && tr.name == "refuse_extension") p.extension_until.clear();
    return {};
  }

  std::optional<LngLat> verified_at;
};

Result<ProblemDetail> ProblemService::act(const Actor& a, int64_t id, const ProblemActionInput& in) {
  ProblemDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    std::optional<int64_t> rebound_id;
    LT_ASSIGN(auto stored, act_in(tx, a, id, in, &rebound_id));
    LT_ASSIGN(out, detail_in(tx, a, stored));
    out.rebound_id = rebound_id;
    return {};
  }));
  return out;
}

Result<Problem> ProblemService::act_in(store::Tx& tx, const Actor& a, int64_t id,
                                       const ProblemActionInput& in, std::optional<int64_t>* rebound_id) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  const std::string note = trim(in.note);
  if (auto m = check_text(note, 2000, false, true)) return Error::field("note", *m);
  if (in.files.size() > kMaxFilesPerMove)
    return Error::field("files", issue("too_many", {{"max", std::to_string(kMaxFilesPerMove)}}));
  const std::string now = format_utc(clock_.now());
  ProblemActionInput given = in;
  given.note = note;
  LT_ASSIGN(auto cur, load_visible(tx, a, id));
  if (cur.version != in.version)
    return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
  ProblemMoves moves{*this, tx, a, given, now, today()};
  ActionCheck c;
  std::set<int64_t> seen;
  for (int64_t fid : in.files) {
    if (!seen.insert(fid).second)
      return Error::field("files", issue("duplicate_entry", {{"value", std::to_string(fid)}}));
    LT_ASSIGN(auto f, store::record_files::get(tx, fid));
    if (!f || f->record_kind != kProblemRecord || f->record_id != id || f->event_id)
      return Error::field("files", issue("evidence_not_of_record", {{"id", std::to_string(fid)}}));
    c.evidence.insert(f->kind);
  }
  c.state = cur.status;
  c.parties = parties_of(a, cur);
  c.has_note = !note.empty();
  c.fields = moves.given();
  LT_ASSIGN(const WorkflowTransition* tr, check_workflow_action(problem_workflow(), in.action, c));
  Problem next = cur;
  LT_TRY(moves.take_fields(*tr, next));
  std::optional<Problem> rebound;
  LT_TRY(moves.effects(*tr, next, rebound));
  next.status = tr->to;
  if (moves.verified_at) {
    LT_TRY(tx.exec("UPDATE problems SET verified_lng = $2, verified_lat = $3, verified_at = $4 WHERE id = $1",
                   {id, moves.verified_at->lng, moves.verified_at->lat, now}));
  }
  LT_ASSIGN(bool ok, store::problems::update(tx, cur, next, now));
  if (!ok) return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
  std::string evidence = "[";
  for (size_t i = 0; i < in.files.size(); ++i) evidence += (i ? "," : "") + std::to_string(in.files[i]);
  evidence += "]";
  LT_ASSIGN(int64_t event, record_workflow_event(tx, a, kProblemRecord, id, tr->name, cur.status, tr->to,
                                                 note, now, evidence));
  LT_TRY(store::record_files::set_event(tx, in.files, event));
  if (rebound) {
    LT_ASSIGN(auto r, store::problems::insert(tx, *rebound, now));
    LT_TRY(record_workflow_event(tx, a, kProblemRecord, r.id, "create", "", r.status,
                                 "回头看发现反弹：" + cur.number, now));
    LT_TRY(record_audit(tx, a, "create", kProblemRecord, std::to_string(r.id), nullptr, problem_audit_view(r),
                        now));
    if (rebound_id) *rebound_id = r.id;
    rebound->id = r.id;
  }
  LT_ASSIGN(auto stored, store::problems::get(tx, id));
  LT_TRY(record_audit(tx, a, tr->name, kProblemRecord, std::to_string(id), problem_audit_view(cur),
                      problem_audit_view(*stored), now));
  // Who hears of it: the action's notify and notice (problem.toml).
  LT_TRY(tell(tx, *tr, *stored, cur.status,
              {{"note", note},
               {"until", stored->extension_until},
               {"new_number", rebound ? rebound->number : std::string()}},
              "problem:" + std::to_string(id) + ":" + std::to_string(event), now));
  return std::move(*stored);
}

}  // namespace lantian::app
