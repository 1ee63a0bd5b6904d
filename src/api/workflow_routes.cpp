// /api/v1/workflows/{name}: a workflow's states and actions with labels and
// colours, so the web app names and colours statuses as the server's
// definition says; /api/v1/tasks/{id}/events: a task's workflow history.
#include "api/api.h"
#include "api/handler_util.h"
#include "app/task_views.h"
#include "app/workflow_views.h"
#include "core/workflows.h"

namespace lantian::api {

namespace json = boost::json;

void add_workflow_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/workflows/{name}", Access::user, "", [](RouteContext& c) {
    std::string name;
    for (const auto& [k, v] : c.params)
      if (k == "name") name = v;
    const WorkflowDef* d = workflows().find(name);
    if (!d) return problem(Error::make("workflow_not_found", {{"name", name}}));
    return json_response(200, app::workflow_view(*d));
  });
  r.add("GET", "/api/v1/tasks/{id}/events", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto list, s.tasks.events(c.actor(), *id));
    json::array items;
    for (const auto& e : list) items.push_back(app::task_event_view(e));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
}

}  // namespace lantian::api
