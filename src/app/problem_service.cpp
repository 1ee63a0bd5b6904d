// ProblemService: registration, reading, lists and files (the moves are in
// problem_actions.cpp, the server's own moves in problem_jobs.cpp).
#include "app/problem_service.h"

#include <algorithm>
#include <cmath>

#include "app/audit.h"
#include "app/notification_templates.h"
#include "app/problem_views.h"
#include "app/record_files.h"
#include "app/relocation_guard.h"
#include "app/workflow_records.h"
#include "core/text.h"
#include "core/workflows.h"
#include "store/enterprises_repo.h"
#include "store/ledger_rows_repo.h"
#include "store/record_files_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

constexpr int64_t kMaxFilesPerProblem = 200;

std::vector<std::string> open_states() { return problem_workflow().open_states(); }

// Registration's checks and the values it copies from the registry.
Status apply_input(store::Tx& tx, const ProblemInput& in, Problem& p) {
  std::vector<FieldError> errors;
  auto bad = [&](std::string field, Issue i) { errors.push_back({std::move(field), std::move(i)}); };
  const ProblemRules& rules = problem_rules();
  auto names = [](const auto& list) {
    std::string out;
    for (const auto& x : list) out += (out.empty() ? "" : ", ") + x.name;
    return out;
  };
  if (!rules.source(in.source)) bad("source", issue("one_of", {{"values", names(rules.sources)}}));
  if (!rules.type(in.problem_type)) bad("problem_type", issue("one_of", {{"values", names(rules.types)}}));
  p.source = in.source;
  p.problem_type = in.problem_type;
  p.title = trim(in.title);
  p.description = trim(in.description);
  p.standard = trim(in.standard);
  p.site = trim(in.site);
  p.address = trim(in.address);
  p.external_id = trim(in.external_id);
  p.reporter_name = trim(in.reporter_name);
  p.reporter_phone = trim(in.reporter_phone);
  p.reporter_email = trim(in.reporter_email);
  if (auto m = check_text(p.title, 200, true)) bad("title", *m);
  if (auto m = check_text(p.description, 5000, false, true)) bad("description", *m);
  if (auto m = check_text(p.standard, 2000, false, true)) bad("standard", *m);
  if (auto m = check_text(p.site, 200, false)) bad("site", *m);
  if (auto m = check_text(p.address, 300, false)) bad("address", *m);
  if (auto m = check_text(p.external_id, 100, false)) bad("external_id", *m);
  if (auto m = check_text(p.reporter_name, 100, false)) bad("reporter_name", *m);
  if (auto m = check_text(p.reporter_phone, 40, false)) bad("reporter_phone", *m);
  if (auto m = check_text(p.reporter_email, 200, false)) bad("reporter_email", *m);
  if (auto d = disposition_named(in.disposition))
    p.disposition = *d;
  else
    bad("disposition", issue("one_of", {{"values", "rectify, ban, relocate"}}));
  p.enterprise_id = in.enterprise_id;
  if (in.enterprise_id) {
    LT_ASSIGN(auto e, store::enterprises::get(tx, *in.enterprise_id));
    if (!e) {
      bad("enterprise_id", issue("no_such_enterprise"));
    } else {
      if (p.site.empty()) p.site = e->name;
      if (p.address.empty()) p.address = e->address;
      if (!in.location && e->location) p.location = e->location;
    }
  }
  p.ledger_row_id = in.ledger_row_id;
  if (in.ledger_row_id) {
    LT_ASSIGN(auto r, store::ledger_rows::get(tx, *in.ledger_row_id));
    if (!r) {
      bad("ledger_row_id", issue("no_such_ledger_row"));
    } else {
      if (!p.enterprise_id) p.enterprise_id = r->enterprise_id;
      if (p.site.empty()) p.site = r->title;
      if (!in.location && !p.location && r->location) p.location = r->location;
    }
  }
  p.inspection_id = in.inspection_id;
  if (in.location) {
    auto at = stored_location(*in.location);
    if (auto* i = std::get_if<Issue>(&at))
      bad("location", *i);
    else
      p.location = std::get<LngLat>(at);
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  return {};
}

}  // namespace

Status check_problem_input(store::Tx& tx, const ProblemInput& in, Problem& p) {
  return apply_input(tx, in, p);
}

std::string ProblemService::today() const { return format_shanghai(clock_.now()).substr(0, 10); }

PartySet ProblemService::parties_of(const Actor& a, const Problem& p) const {
  PartySet s = 0;
  if (a.can("problems.manage")) s |= unsigned(Party::office);
  if (a.can("problems.rectify") && !p.unit_path.empty() && a.sees_path(p.unit_path))
    s |= unsigned(Party::owner);
  if (p.verifier_id && *p.verifier_id == a.user_id && a.user_id && a.can("problems.manage"))
    s |= unsigned(Party::verifier);
  if (a.user_id == 0 && a.client_address == "timer") s |= unsigned(Party::system);
  return s;
}

Result<Problem> ProblemService::load_visible(store::Tx& tx, const Actor& a, int64_t id) const {
  auto not_found = [] { return Error::make("problem_not_found"); };
  LT_ASSIGN(auto p, store::problems::get(tx, id));
  if (!p) return not_found();
  if (a.grant.scope == Scope::all) return std::move(*p);
  LT_ASSIGN(auto row, tx.query_one("SELECT 1 FROM problem_scopes WHERE unit_id = $1 AND problem_id = $2",
                                   {a.unit_id, id}));
  if (!row) return not_found();
  return std::move(*p);
}

Result<ProblemDetail> ProblemService::detail_in(store::Tx& tx, const Actor& a, const Problem& p) {
  ProblemDetail d;
  d.problem = p;
  LT_ASSIGN(auto files, store::record_files::for_record(tx, std::string(kProblemRecord), p.id));
  for (auto& f : files) {
    ProblemFile pf;
    if (f.kind == kEvidencePhoto && f.evidence) {
      pf.flags = photo_flags(*f.evidence, p.location, p.assigned_at);
      LT_ASSIGN(pf.flags.reused_on, store::problems::problems_with_content(tx, f.sha256, p.id));
    }
    pf.file = std::move(f);
    d.files.push_back(std::move(pf));
  }
  LT_ASSIGN(d.escalations, store::problems::escalations(tx, p.id));
  ActionCheck c;
  c.state = p.status;
  c.parties = parties_of(a, p);
  d.actions = available_actions(problem_workflow(), c);
  d.show_reporter = a.can("problems.manage");
  for (int64_t u : p.cooperating_unit_ids) {
    LT_ASSIGN(auto row, tx.query_one("SELECT name FROM units WHERE id = $1", {u}));
    d.cooperating_units.emplace_back(u, row ? row->str(0) : std::string());
  }
  // The printable documents there are (app/problem_documents.cpp's rule).
  if (!p.assigned_at.empty()) {
    d.documents.push_back("notice");
    if (!p.reported_at.empty()) d.documents.push_back("report");
  }
  auto day = parse_date(today());
  const WorkflowState* s = problem_workflow().state(p.status);
  if (day && s && s->open) d.days_overdue = days_overdue(p.deadline, *day);
  return d;
}

Result<std::vector<DuplicateWarning>> ProblemService::duplicates_in(store::Tx& tx, const Problem& p) {
  std::vector<DuplicateWarning> out;
  const auto open = open_states();
  if (p.enterprise_id) {
    LT_ASSIGN(auto same, store::problems::open_for_enterprise(tx, *p.enterprise_id, open, p.id));
    for (const auto& o : same)
      out.push_back({o.id, o.number, o.title, o.status, "same_enterprise", std::nullopt});
  }
  if (p.location) {
    const double r = problem_rules().duplicate_radius_m;
    // A box a little larger than the circle, then the exact distance.
    const double dlat = r / 111000.0 * 1.1;
    const double dlng = dlat / std::max(0.1, std::cos(p.location->lat * M_PI / 180.0));
    LT_ASSIGN(auto near, store::problems::open_of_type_in_box(
                             tx, p.problem_type, {p.location->lng - dlng, p.location->lat - dlat},
                             {p.location->lng + dlng, p.location->lat + dlat}, open, p.id));
    for (const auto& o : near) {
      if (!o.location) continue;
      double d = distance_m(*p.location, *o.location);
      if (d > r) continue;
      if (std::any_of(out.begin(), out.end(), [&](const auto& w) { return w.id == o.id; })) continue;
      out.push_back({o.id, o.number, o.title, o.status, "nearby", d});
    }
  }
  return out;
}

Result<Problem> ProblemService::register_in(store::Tx& tx, const Actor& a, const ProblemInput& in,
                                            const std::string& note) {
  const TimePoint now_tp = clock_.now();
  const std::string now = format_utc(now_tp);
  Problem p;
  p.status = problem_workflow().initial;
  p.created_by = a.user_id;
  LT_TRY(apply_input(tx, in, p));
  p.year = std::stoi(format_shanghai(now_tp).substr(0, 4));
  LT_ASSIGN(p.seq, store::problems::draw_number(tx, p.source, p.year));
  p.number = format_problem_number(*problem_rules().source(p.source), p.year, p.seq);
  LT_ASSIGN(p, store::problems::insert(tx, p, now));
  LT_TRY(record_workflow_event(tx, a, kProblemRecord, p.id, "create", "", p.status, note, now));
  LT_ASSIGN(auto stored, store::problems::get(tx, p.id));
  LT_TRY(record_audit(tx, a, "create", kProblemRecord, std::to_string(p.id), nullptr,
                      problem_audit_view(*stored), now));
  // The relocation guard (杜绝外区域已取缔的企业搬迁至我区): a site named in a
  // problem that is not a registered enterprise is matched against the
  // banned list like a registration (a registered one was matched then).
  if (!p.enterprise_id && !p.site.empty()) {
    LT_ASSIGN(auto banned, banned_index(tx));
    Enterprise named;
    named.name = p.site;
    named.address = p.address;
    auto suspects = suspects_for_enterprise(banned, named);
    for (auto& sus : suspects) sus.enterprise_id.reset();
    LT_TRY(raise_alerts(tx, a, suspects, now));
  }
  return std::move(*stored);
}

Result<ProblemDetail> ProblemService::create(const Actor& a, const ProblemInput& in,
                                             const CreatedHook& also) {
  if (a.user_id != 0 && !a.can("problems.register"))
    return Error::make("not_permitted", {{"permission", "problems.register"}});
  ProblemDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto p, register_in(tx, a, in));
    if (also) LT_TRY(also(tx, p));
    LT_ASSIGN(out, detail_in(tx, a, p));
    LT_ASSIGN(out.warnings, duplicates_in(tx, p));
    return {};
  }));
  return out;
}

Result<std::vector<DuplicateWarning>> ProblemService::duplicates(const Actor& a, const ProblemInput& in) {
  if (!a.can("problems.register")) return Error::make("not_permitted", {{"permission", "problems.register"}});
  std::vector<DuplicateWarning> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    Problem p;
    LT_TRY(apply_input(tx, in, p));
    LT_ASSIGN(out, duplicates_in(tx, p));
    return {};
  }));
  return out;
}

Result<ProblemDetail> ProblemService::get(const Actor& a, int64_t id) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  ProblemDetail out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto p, load_visible(tx, a, id));
    LT_ASSIGN(out, detail_in(tx, a, p));
    return {};
  }));
  return out;
}

Result<ProblemDetail> ProblemService::get_by_number(const Actor& a, const std::string& number) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  std::optional<int64_t> id;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto row, tx.query_one("SELECT id FROM problems WHERE number = $1", {number}));
    if (row) id = row->i64(0);
    return {};
  }));
  if (!id) return Error::make("problem_not_found");
  return get(a, *id);
}

Result<store::PageOf<Problem>> ProblemService::list(const Actor& a, const ProblemListQuery& q,
                                                    const store::Page& page) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  const WorkflowDef& wf = problem_workflow();
  store::problems::Filter f;
  if (a.grant.scope != Scope::all) f.scope_unit_id = a.unit_id;
  for (const auto& s : q.statuses) {
    if (!wf.state(s)) return Error::make("query_unknown_value", {{"name", "status"}, {"value", s}});
    f.statuses.push_back(s);
  }
  if (!q.source.empty() && !problem_rules().source(q.source))
    return Error::make("query_unknown_value", {{"name", "source"}, {"value", q.source}});
  if (!q.problem_type.empty() && !problem_rules().type(q.problem_type))
    return Error::make("query_unknown_value", {{"name", "type"}, {"value", q.problem_type}});
  f.source = q.source;
  f.problem_type = q.problem_type;
  f.enterprise_id = q.enterprise_id;
  f.parent_id = q.parent_id;
  f.person_id = q.person_id;
  f.verifier_id = q.verifier_id;
  f.created_by = q.created_by;
  f.text = trim(q.text);
  if (f.text.size() > 100) return Error::make("query_unknown_value", {{"name", "q"}, {"value", f.text}});
  f.overdue = q.overdue;
  f.today = today();
  f.open_states = wf.open_states();
  // A Beijing day [from, to] as UTC instants: 00:00 +08:00 is 16:00Z the day before.
  auto bound = [&](const std::string& date, bool end, std::string& out) -> Status {
    if (date.empty()) return {};
    auto d = parse_date(date);
    if (!d) return Error::make("query_unknown_value", {{"name", end ? "to" : "from"}, {"value", date}});
    auto t = parse_time(format_date(end ? *d + std::chrono::days(1) : *d) + "T00:00:00+08:00");
    out = format_utc(*t);
    return {};
  };
  LT_TRY(bound(q.from, false, f.created_from));
  LT_TRY(bound(q.to, true, f.created_to));
  store::PageOf<Problem> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    if (q.unit_id) {
      LT_ASSIGN(auto row, tx.query_one("SELECT path FROM units WHERE id = $1", {*q.unit_id}));
      if (!row)
        return Error::make("query_unknown_value",
                           {{"name", "unit_id"}, {"value", std::to_string(*q.unit_id)}});
      f.unit_path = row->str(0);
      // A unit within the reader's own subtree: every problem of it is in
      // the reader's scope already (its scope rows name each unit above
      // it), so the scope rows are not joined (a probe per match).
      if (f.scope_unit_id && !a.unit_path.empty() && a.sees_path(f.unit_path)) f.scope_unit_id = 0;
    }
    if (q.mine) {
      // Mine: the problems I answer for or verify.
      store::problems::Filter as_person = f, as_verifier = f;
      as_person.person_id = a.user_id;
      as_verifier.verifier_id = a.user_id;
      LT_ASSIGN(auto mine, store::problems::list(tx, as_verifier, page));
      if (mine.items.empty()) {
        LT_ASSIGN(mine, store::problems::list(tx, as_person, page));
      }
      out = std::move(mine);
      return {};
    }
    LT_ASSIGN(out, store::problems::list(tx, f, page));
    return {};
  }));
  return out;
}

Result<std::vector<store::workflow_events::Event>> ProblemService::events(const Actor& a, int64_t id) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  std::vector<store::workflow_events::Event> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_TRY(load_visible(tx, a, id));
    LT_ASSIGN(out, store::workflow_events::for_record(tx, std::string(kProblemRecord), id));
    return {};
  }));
  return out;
}

Result<RecordFile> ProblemService::attach(const Actor& a, int64_t id, const AttachmentUpload& file) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  return file_on_record(
      db_, evidence_, clock_, a, {kProblemRecord, id, kMaxFilesPerProblem, ""}, file,
      [&](store::Tx& tx) -> Status {
        LT_ASSIGN(auto p, load_visible(tx, a, id));
        if (!parties_of(a, p) && !a.can("problems.register"))
          return Error::make("not_a_party", {{"action", "attach"}, {"workflow", "problem"}});
        const WorkflowState* s = problem_workflow().state(p.status);
        if (s && s->final)
          return Error::make("workflow_action_not_allowed", {{"action", "attach"}, {"status", p.status}});
        return {};
      });
}

Result<std::pair<RecordFile, std::string>> ProblemService::file(const Actor& a, int64_t file_id,
                                                                bool thumbnail) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  return read_record_file(db_, evidence_, kProblemRecord, file_id, thumbnail,
                          [&](store::Tx& tx, int64_t id) -> Status {
                            LT_TRY(load_visible(tx, a, id));
                            return {};
                          });
}

Result<std::vector<store::problems::UnitLateness>> ProblemService::lateness(const Actor& a) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  store::problems::Filter f;
  if (a.grant.scope != Scope::all) f.scope_unit_id = a.unit_id;
  f.today = today();
  f.open_states = open_states();
  std::vector<store::problems::UnitLateness> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::problems::lateness_by_unit(tx, f));
    return {};
  }));
  // Most overdue first, then most open.
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return std::tie(y.overdue, y.open, x.unit_id) < std::tie(x.overdue, x.open, y.unit_id);
  });
  return out;
}

Result<std::vector<store::Located>> ProblemService::map_points(const Actor& a,
                                                               const std::vector<std::string>& statuses,
                                                               size_t limit) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  store::problems::Filter f;
  if (a.grant.scope != Scope::all) f.scope_unit_id = a.unit_id;
  f.statuses = statuses;
  std::vector<store::Located> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::problems::points(tx, f, int64_t(limit)));
    return {};
  }));
  return out;
}

Status ProblemService::notify(store::Tx& tx, const std::vector<int64_t>& users, const Problem& p,
                              const std::string& tmpl, Params params, const std::string& key,
                              const std::string& now) const {
  if (!notifications_) return {};
  params.emplace_back("number", p.number);
  params.emplace_back("title", p.title.substr(0, 120));
  for (int64_t u : users) {
    NotificationDraft d;
    d.user_id = u;
    d.kind = tmpl;
    d.problem_id = p.id;
    d.template_name = tmpl;
    d.params = params;
    d.dedup_key = key.empty() ? "" : key + ":" + std::to_string(u);
    LT_TRY(notifications_->notify(tx, d, now));
  }
  return {};
}

Status ProblemService::tell(store::Tx& tx, const WorkflowTransition& tr, const Problem& p,
                            const std::string& from, Params extra, const std::string& key,
                            const std::string& now) const {
  return tell(tx, tr.notify, tr.notice, p, from, std::move(extra), key, now);
}

Status ProblemService::tell(store::Tx& tx, const std::vector<std::string>& who, const std::string& notice,
                            const Problem& p, const std::string& from, Params extra, const std::string& key,
                            const std::string& now) const {
  if (who.empty() || !notifications_) return {};
  const NotificationTemplate* t = find_notification_template(notice);
  if (!t) return Error::internal("no notification template " + notice);
  extra.emplace_back("unit", p.unit_name);
  extra.emplace_back("deadline", p.deadline);
  // Only the params the template declares (number and title come with notify()).
  Params params;
  const std::string declared = "," + std::string(t->params) + ",";
  for (auto& [k, v] : extra)
    if (k != "number" && k != "title" && declared.find("," + k + ",") != std::string::npos)
      params.emplace_back(k, v);
  std::vector<int64_t> users;
  for (const auto& name : who) {
    LT_ASSIGN(auto some, recipients(tx, name, p, from));
    for (int64_t u : some)
      if (std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
  }
  return notify(tx, users, p, notice, std::move(params), key, now);
}

Result<std::vector<int64_t>> ProblemService::recipients(store::Tx& tx, std::string_view who, const Problem& p,
                                                        const std::string& from) const {
  if (who == "unit") return unit_users(tx, p, false);
  if (who == "unit_leaders") return unit_users(tx, p, true);
  if (who == "person") return p.person_id ? std::vector<int64_t>{*p.person_id} : std::vector<int64_t>{};
  if (who == "requester") {
    // Who moved the problem into the state this move leaves (the latest such
    // event: the one being answered).
    LT_ASSIGN(auto row, tx.query_one("SELECT actor_user_id FROM workflow_events WHERE workflow = $1 AND "
                                     "record_id = $2 AND to_state = $3 ORDER BY id DESC LIMIT 1",
                                     {std::string(kProblemRecord), p.id, from}));
    if (!row || row->is_null(0)) return std::vector<int64_t>{};
    return std::vector<int64_t>{row->i64(0)};
  }
  if (who == "verifier") return p.verifier_id ? std::vector<int64_t>{*p.verifier_id} : std::vector<int64_t>{};
  if (who == "handler") {
    // The handler while they still work for the office; else the office.
    if (p.handler_id) {
      LT_ASSIGN(auto u, store::users::get(tx, *p.handler_id));
      if (u && !u->disabled &&
          std::find(u->roles.begin(), u->roles.end(), "campaign_office") != u->roles.end())
        return std::vector<int64_t>{*p.handler_id};
    }
    return office_users(tx);
  }
  return Error::internal("unknown recipient " + std::string(who));  // parse_workflow checks the names
}

Result<std::vector<int64_t>> ProblemService::office_users(store::Tx& tx) const {
  store::users::Filter f;
  f.role = "campaign_office";
  store::Page page;
  page.per_page = 200;
  page.with_total = false;
  LT_ASSIGN(auto list, store::users::list(tx, f, page));
  std::vector<int64_t> out;
  for (const auto& u : list.items) out.push_back(u.id);
  return out;
}

Result<std::vector<int64_t>> ProblemService::unit_users(store::Tx& tx, const Problem& p,
                                                        bool leaders_only) const {
  std::vector<int64_t> out;
  if (!p.unit_id) return out;
  LT_ASSIGN(out, store::users::ids_with_role(tx, *p.unit_id, "unit_leader"));
  if (!leaders_only) {
    LT_ASSIGN(auto staff, store::users::ids_with_role(tx, *p.unit_id, "unit_staff"));
    out.insert(out.end(), staff.begin(), staff.end());
    if (p.person_id && std::find(out.begin(), out.end(), *p.person_id) == out.end())
      out.push_back(*p.person_id);
  }
  return out;
}

}  // namespace lantian::app
