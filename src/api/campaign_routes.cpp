// /api/v1/campaigns and /api/v1/work-areas: campaigns with targets, source
// documents and work areas; the overview with each area's progress.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "app/task_views.h"
#include "app/workflow_views.h"
#include "core/work_areas.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

void read_targets(JsonInput& in, app::CampaignInput& c) {
  auto list = in.objects("targets");
  if (!list) return;
  std::vector<CampaignTarget> out;
  for (auto& o : *list) {
    CampaignTarget t;
    t.name = o.string("name").value_or("");
    t.indicator = o.string("indicator").value_or("");
    t.baseline = o.number("baseline");
    t.target = o.number("target");
    t.actual = o.number("actual");
    t.unit = o.string("unit").value_or("");
    t.direction = o.string("direction").value_or("");
    t.note = o.string("note").value_or("");
    in.finish_nested(o);
    out.push_back(std::move(t));
  }
  c.targets = std::move(out);
}

void read_documents(JsonInput& in, app::CampaignInput& c) {
  auto list = in.objects("documents");
  if (!list) return;
  std::vector<SourceDocument> out;
  for (auto& o : *list) {
    SourceDocument d;
    d.title = o.string("title").value_or("");
    d.number = o.string("number").value_or("");
    d.date = o.string("date").value_or("");
    in.finish_nested(o);
    out.push_back(std::move(d));
  }
  c.documents = std::move(out);
}

app::CampaignInput read_campaign(JsonInput& in) {
  app::CampaignInput c;
  c.name = in.string("name");
  c.start_date = in.string("start_date");
  c.end_date = in.string("end_date");
  c.description = in.string("description");
  c.status = in.string("status");
  c.jurisdiction_unit_id = in.integer("jurisdiction_unit_id");
  c.office_unit_id = in.integer("office_unit_id");
  read_targets(in, c);
  read_documents(in, c);
  return c;
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& x : v) a.push_back(json::value(x));
  return a;
}

json::object overview_json(const app::CampaignOverview& o) {
  json::object c = app::campaign_view(o.campaign);
  json::array areas;
  for (const auto& a : o.areas) {
    json::object v = app::work_area_view(a.area);
    v["task_count"] = a.stats.tasks;
    v["completed_count"] = a.stats.completed;
    v["overdue_count"] = a.stats.overdue;
    v["progress"] = a.stats.progress;
    json::object lists;
    for (const auto& [count, query] : a.lists) {
      json::object qo;
      for (const auto& [k, val] : query) qo[k] = val;
      lists[count] = std::move(qo);
    }
    v["lists"] = std::move(lists);
    json::array acts;
    for (const auto& x : a.actions) acts.push_back(json::value(x));
    v["actions"] = std::move(acts);
    const WorkAreaDef* def = find_work_area(a.area.code);
    v["key_area"] = def ? def->key_area : false;
    areas.push_back(std::move(v));
  }
  c["work_areas"] = std::move(areas);
  c["actions"] = strings(o.actions);
  return c;
}

}  // namespace

void add_campaign_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/campaigns", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto list, s.campaigns.list(c.actor()));
    json::array items;
    for (const auto& x : list) {
      json::object v = app::campaign_view(x.campaign);
      v["actions"] = strings(x.actions);
      v["current"] = x.current;
      items.push_back(std::move(v));
    }
    return json_response(200, json::object{{"items", std::move(items)}, {"total", int64_t(list.size())}});
  });
  r.add("GET", "/api/v1/campaigns/{id}", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto o, s.campaigns.overview(c.actor(), *id));
    return json_response(200, overview_json(o));
  });
  r.add("POST", "/api/v1/campaigns", Access::user, "campaigns.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_campaign(in);
    input.work_area_codes = in.string_list("work_area_codes");
    API_TRY(in.finish());
    API_ASSIGN(auto created, s.campaigns.create(c.actor(), input));
    API_ASSIGN(auto o, s.campaigns.overview(c.actor(), created.id));
    return json_response(201, overview_json(o));
  });
  r.add("PATCH", "/api/v1/campaigns/{id}", Access::user, "campaigns.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_campaign(in);
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    input.version = *version;
    API_ASSIGN(auto updated, s.campaigns.update(c.actor(), *id, input));
    return json_response(200, app::campaign_view(updated));
  });
  r.add("POST", "/api/v1/campaigns/{id}/actions/{action}", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    std::string action;
    for (const auto& [k, v] : c.params)
      if (k == "action") action = v;
    // {"version", "note"?}, as a task's action takes it.
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto version = in.integer("version");
    std::string note = in.string("note").value_or("");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    API_ASSIGN(auto o, s.campaigns.act(c.actor(), *id, action, *version, note));
    return json_response(200, overview_json(o));
  });
  r.add("GET", "/api/v1/campaigns/{id}/events", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto list, s.campaigns.events(c.actor(), *id));
    json::array items;
    for (const auto& e : list) items.push_back(app::workflow_event_view(e));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("PATCH", "/api/v1/work-areas/{id}", Access::user, "campaigns.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    app::WorkAreaInput w;
    w.name = in.string("name");
    w.description = in.string("description");
    w.lead_unit_id = in.nullable_integer("lead_unit_id");
    w.leader = in.person("leader");
    w.cooperating_unit_ids = in.integer_list("cooperating_unit_ids");
    w.sort_order = in.integer("sort_order");
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    w.version = *version;
    API_ASSIGN(auto updated, s.campaigns.update_area(c.actor(), *id, w));
    return json_response(200, app::work_area_view(updated));
  });
}

}  // namespace lantian::api
