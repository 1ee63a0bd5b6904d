// Report requests (催报): one task, many at once (一键催报), and the list
// (open requests for the office, a task's history).
#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/task_views.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

// due_date, message, allow_second; the caller reads its own fields first.
app::RequestInput read_request(JsonInput& in) {
  app::RequestInput r;
  r.due_date = in.string("due_date").value_or("");
  r.message = in.string("message").value_or("");
  r.allow_second = in.boolean("allow_second").value_or(false);
  return r;
}

}  // namespace

void add_report_request_routes(Router& r, Services& s) {
  r.add("POST", "/api/v1/tasks/{id}/report-requests", Access::user, "campaigns.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto rq_in = read_request(in);
    API_TRY(in.finish());
    API_ASSIGN(auto rq, s.requests.request(c.actor(), *id, rq_in));
    return json_response(201, app::report_request_view(rq, s.tasks.today()));
  });
  // 一键催报: {task_ids, due_date, message, allow_second}; one transaction,
  // an outcome per task (tasks that cannot take a request are skipped).
  r.add("POST", "/api/v1/report-requests", Access::user, "campaigns.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto ids = in.integer_list("task_ids");
    auto rq_in = read_request(in);
    API_TRY(in.finish());
    API_ASSIGN(auto outcomes,
               s.requests.request_many(c.actor(), ids.value_or(std::vector<int64_t>{}), rq_in));
    std::string today = s.tasks.today();
    json::array items;
    int64_t created = 0, skipped = 0;
    for (const auto& o : outcomes) {
      json::object item{{"task_id", o.task_id}};
      if (o.request) {
        ++created;
        item["outcome"] = "created";
        item["request"] = app::report_request_view(*o.request, today);
      } else {
        ++skipped;
        item["outcome"] = "skipped";
        item["code"] = o.code;
        item["params"] = params_json(o.params);
        item["message"] = o.message;
      }
      items.push_back(std::move(item));
    }
    return json_response(
        200, json::object{{"created", created}, {"skipped", skipped}, {"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/report-requests", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"due_date"}, "due_date"));
    store::reports::RequestFilter f;
    API_ASSIGN(f.task_id, q.integer("task_id"));
    API_ASSIGN(f.open_only, q.boolean("open", false));
    API_ASSIGN(f.late_only, q.boolean("late", false));
    std::string state = q.str("state");
    if (state == "open")
      f.open_only = true;
    else if (state == "answered")
      f.answered_only = true;
    else if (state == "late")
      f.late_only = true;
    else if (!state.empty())
      return problem(Error::make("query_unknown_value", {{"name", "state"}, {"value", state}}));
    API_ASSIGN(auto result, s.requests.list(c.actor(), f, page));
    std::string today = s.tasks.today();
    return page_response(result, page,
                         [&today](const auto& x, auto sp) { return app::report_request_view(x, today, sp); });
  });
}

}  // namespace lantian::api
