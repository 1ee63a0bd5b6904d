// /api/v1/tasks: the task tree, decomposition, workflow actions, milestones,
// progress reports with attachments and report requests (催报).
#include <algorithm>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/task_views.h"
#include "core/task_workflow.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

app::TaskInput read_task(JsonInput& in) {
  app::TaskInput t;
  t.campaign_id = in.integer("campaign_id");
  t.parent_id = in.integer("parent_id");
  t.work_area_id = in.nullable_integer("work_area_id");
  t.code = in.string("code");
  t.title = in.string("title");
  t.description = in.string("description");
  t.owner_unit_id = in.integer("owner_unit_id");
  t.lead_unit_id = in.integer("lead_unit_id");
  t.responsible_leader = in.person("responsible_leader");
  t.responsible_user_id = in.nullable_integer("responsible_user_id");
  t.responsible_person = in.person("responsible_person");
  t.start_date = in.string("start_date");
  t.deadline = in.string("deadline");
  t.deadline_working_days = in.integer("deadline_working_days");
  t.measure_unit = in.string("measure_unit");
  t.target_value = in.nullable_number("target_value");
  t.weight = in.number("weight");
  t.cooperating_unit_ids = in.integer_list("cooperating_unit_ids");
  if (auto list = in.objects("milestones")) {
    std::vector<Milestone> ms;
    for (auto& o : *list) {
      Milestone m;
      m.id = o.integer("id").value_or(0);
      m.title = o.string("title").value_or("");
      m.deadline = o.string("deadline").value_or("");
      in.finish_nested(o);
      ms.push_back(std::move(m));
    }
    t.milestones = std::move(ms);
  }
  return t;
}

// Reads the list filters shared by the task list and the exports.
// awaiting_acceptance=true keeps the tasks the caller may accept or return
// now (the 待验收 queue), by the service's own rule.
Result<store::tasks::Filter> read_filter(const Query& q, const app::Actor& a, const app::TaskService& tasks) {
  store::tasks::Filter f;
  LT_ASSIGN(f.campaign_id, q.integer("campaign_id"));
  LT_ASSIGN(f.work_area_id, q.integer("work_area_id"));
  LT_ASSIGN(f.parent_id, q.integer("parent_id"));
  LT_ASSIGN(f.roots_only, q.boolean("roots", false));
  LT_ASSIGN(f.top_visible, q.boolean("top", false));
  LT_ASSIGN(f.owner_unit_id, q.integer("owner_unit_id"));
  LT_ASSIGN(auto responsible, q.integer("responsible_user_id"));
  f.responsible_user_id = responsible;
  LT_ASSIGN(bool mine, q.boolean("mine", false));
  if (mine) f.responsible_user_id = a.user_id;
  LT_ASSIGN(bool my_unit, q.boolean("my_unit", false));
  if (my_unit) f.owner_unit_id = a.unit_id;
  LT_ASSIGN(f.overdue, q.boolean("overdue", false));
  for (auto& one : q.list("status")) {
    if (!find_task_status(one))
      return Error::make("query_unknown_value", {{"name", "status"}, {"value", one}});
    f.statuses.push_back(std::move(one));
  }
  // frozen=false keeps the states in which a task may still change (只看未验收),
  // frozen=true the others: the definition says which, so clients name none.
  if (!q.str("frozen").empty()) {
    LT_ASSIGN(bool frozen, q.boolean("frozen", false));
    std::vector<std::string> keep;
    for (const auto& s : task_statuses()) {
      bool asked = f.statuses.empty() ||
                   std::find(f.statuses.begin(), f.statuses.end(), std::string(s.name)) != f.statuses.end();
      if (asked && s.frozen == frozen) keep.emplace_back(s.name);
    }
    if (keep.empty()) keep.emplace_back("");  // nothing matches: an empty list, not every task
    f.statuses = std::move(keep);
  }
  f.q = q.str("q");
  LT_ASSIGN(bool awaiting, q.boolean("awaiting_acceptance", false));
  if (awaiting) LT_TRY(tasks.narrow_to_action(a, "accept", f));
  return f;
}

Result<int64_t> read_version_note(const std::string& body, std::string* note,
                                  std::vector<int64_t>* evidence) {
  LT_ASSIGN(auto in, JsonInput::parse(body));
  auto v = in.integer("version");
  if (auto n = in.string("note")) *note = *n;
  if (auto e = in.integer_list("evidence")) *evidence = std::move(*e);
  LT_TRY(in.finish());
  if (!v) return Error::field("version", issue("version_required"));
  return *v;
}

http::Response detail(int status, const app::TaskDetail& d) {
  app::JsonWriter w(2048);
  app::write_task_detail_json(w, d);
  return json_text_response(status, w.take());
}

// An upload to the record {id} names: the file is the raw body, its name in
// ?filename=, its type in Content-Type; `store` files it. 201 with the
// attachment.
template <typename Store>
http::Response upload(RouteContext& c, Store store) {
  auto id = c.id();
  if (!id) return problem(bad_id());
  API_ASSIGN(auto q, Query::parse(c.req.query));
  const app::AttachmentUpload up = upload_in(c, q);
  API_ASSIGN(auto a, store(*id, up));
  return json_response(201, app::attachment_view(a));
}

}  // namespace

void add_task_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/tasks", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page,
               q.page({"deadline", "title", "status", "progress", "id", "path", "updated_at"}, "deadline"));
    page.after = q.str("after");  // keyset paging: a next_cursor of the same sort
    API_ASSIGN(auto f, read_filter(q, c.actor(), s.tasks));
    API_ASSIGN(auto result, s.tasks.list(c.actor(), f, page));
    return page_json_response(result, page, app::write_task_detail_json);
  });
  // Registered before /api/v1/tasks/{id} for readability; the router prefers
  // the literal path anyway.
  r.add("GET", "/api/v1/tasks/export.xlsx", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto f, read_filter(q, c.actor(), s.tasks));
    API_ASSIGN(auto file, s.exports.ledger(c.actor(), f));
    return xlsx_response(file);
  });
  r.add("GET", "/api/v1/tasks/my-summary", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto m, s.tasks.my_summary(c.actor()));
    return json_response(200, json::object{{"counts", json::object{{"mine", m.mine}, {"unit", m.unit}}},
                                           {"default_tab", m.default_tab}});
  });
  r.add("GET", "/api/v1/tasks/overdue.xlsx", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto campaign, q.integer("campaign_id"));
    API_ASSIGN(auto file, s.exports.overdue(c.actor(), campaign));
    return xlsx_response(file);
  });
  // Overdue tasks in scope counted per owner unit (the start page's board);
  // each count is the total of GET /tasks?overdue=true&owner_unit_id=… with
  // the same campaign and work area.
  r.add("GET", "/api/v1/tasks/overdue-by-unit", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    store::tasks::Filter f;
    API_ASSIGN(f.campaign_id, q.integer("campaign_id"));
    API_ASSIGN(f.work_area_id, q.integer("work_area_id"));
    API_ASSIGN(auto rows, s.tasks.overdue_by_unit(c.actor(), f));
    json::array items;
    int64_t total = 0;
    for (const auto& r : rows) {
      total += r.count;
      items.push_back(json::object{{"owner_unit_id", r.unit_id},
                                   {"owner_unit_name", r.unit_name},
                                   {"count", r.count},
                                   {"earliest_deadline", r.earliest_deadline},
                                   {"most_working_days_overdue", r.most_working_days_overdue}});
    }
    return json_response(200, json::object{{"items", std::move(items)}, {"total", total}});
  });
  r.add("GET", "/api/v1/tasks/{id}", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto d, s.tasks.get(c.actor(), *id));
    return detail(200, d);
  });
  r.add("GET", "/api/v1/tasks/{id}/tree", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto rows, s.tasks.subtree(c.actor(), *id));
    return items_json_response(200, rows, app::write_task_detail_json);
  });
  r.add("POST", "/api/v1/tasks", Access::user, "tasks.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_task(in);
    API_TRY(in.finish());
    API_ASSIGN(auto d, s.tasks.create(c.actor(), input));
    return detail(201, d);
  });
  r.add("POST", "/api/v1/tasks/{id}/subtasks", Access::user, "tasks.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    std::vector<app::TaskInput> subtasks;
    if (auto list = in.objects("subtasks")) {
      for (auto& o : *list) {
        subtasks.push_back(read_task(o));
        in.finish_nested(o);
      }
    }
    API_TRY(in.finish());
    API_ASSIGN(auto created, s.tasks.decompose(c.actor(), *id, subtasks));
    return items_json_response(201, created, app::write_task_detail_json);
  });
  r.add("PATCH", "/api/v1/tasks/{id}", Access::user, "tasks.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_task(in);
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    if (input.campaign_id || input.parent_id)
      return problem(Error::field(input.campaign_id ? "campaign_id" : "parent_id", issue("cannot_change")));
    input.version = *version;
    API_ASSIGN(auto d, s.tasks.update(c.actor(), *id, input));
    return detail(200, d);
  });
  r.add("POST", "/api/v1/tasks/{id}/actions/{action}", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    std::string action;
    for (const auto& [k, v] : c.params)
      if (k == "action") action = v;
    std::string note;
    std::vector<int64_t> evidence;  // files of the task (POST .../attachments)
    API_ASSIGN(auto version, read_version_note(c.req.body, &note, &evidence));
    API_ASSIGN(auto d, s.tasks.act(c.actor(), *id, action, version, note, evidence));
    return detail(200, d);
  });
  r.add("POST", "/api/v1/tasks/{id}/milestones/{milestone}/done", Access::user, "tasks.report",
        [&s](RouteContext& c) {
          auto id = c.id();
          auto m = c.id("milestone");
          if (!id || !m) return problem(bad_id());
          API_ASSIGN(auto in, JsonInput::parse(c.req.body.empty() ? std::string("{}") : c.req.body));
          bool done = in.boolean("done").value_or(true);
          API_TRY(in.finish());
          API_ASSIGN(auto d, s.tasks.set_milestone_done(c.actor(), *id, *m, done));
          return detail(200, d);
        });
  r.add("GET", "/api/v1/tasks/{id}/reports", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto list, s.tasks.reports(c.actor(), *id));
    json::array items;
    for (const auto& x : list) items.push_back(app::report_view(x));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("POST", "/api/v1/tasks/{id}/reports", Access::user, "tasks.report", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    app::ReportInput r;
    r.report_date = in.string("report_date");
    r.achieved_value = in.number("achieved_value");
    r.percent = in.number("percent");
    r.narrative = in.string("narrative");
    API_TRY(in.finish());
    API_ASSIGN(auto rep, s.tasks.report(c.actor(), *id, r));
    return json_response(201, app::report_view(rep));
  });
  // The file is the raw request body; its name comes in the query string
  // (?filename=...), so a phone can send a photo without multipart encoding.
  r.add("POST", "/api/v1/reports/{id}/attachments", Access::user, "tasks.report", [&s](RouteContext& c) {
    return upload(
        c, [&](int64_t id, const app::AttachmentUpload& up) { return s.tasks.attach(c.actor(), id, up); });
  });
  r.set_body_types("POST", "/api/v1/reports/{id}/attachments", kAnyBody);  // the service checks the type
  // A file on the task itself, in the same shape: evidence for an action.
  r.add("POST", "/api/v1/tasks/{id}/attachments", Access::user, "tasks.read", [&s](RouteContext& c) {
    return upload(c, [&](int64_t id, const app::AttachmentUpload& up) {
      return s.tasks.attach_to_task(c.actor(), id, up);
    });
  });
  r.set_body_types("POST", "/api/v1/tasks/{id}/attachments", kAnyBody);
}

}  // namespace lantian::api
