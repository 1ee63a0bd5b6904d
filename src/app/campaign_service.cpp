#include "app/campaign_service.h"

#include <algorithm>
#include <set>

#include "app/audit.h"
#include "app/campaign_internal.h"
#include "app/task_views.h"
#include "app/workflow_records.h"
#include "core/calendar.h"
#include "core/campaign_workflow.h"
#include "core/text.h"
#include "core/work_areas.h"
#include "store/tasks_repo.h"
#include "store/units_repo.h"

namespace lantian::app {
using namespace campaign_internal;
namespace {

// The fields a person edits; the status moves through the workflow only.
void apply(Campaign& c, const CampaignInput& in) {
  if (in.name) c.name = trim(*in.name);
  if (in.start_date) c.start_date = *in.start_date;
  if (in.end_date) c.end_date = *in.end_date;
  if (in.description) c.description = *in.description;
  if (in.jurisdiction_unit_id) c.jurisdiction_unit_id = *in.jurisdiction_unit_id;
  if (in.office_unit_id) c.office_unit_id = *in.office_unit_id;
  if (in.targets) c.targets = *in.targets;
  if (in.documents) c.documents = *in.documents;
}

Status validate(store::Tx& tx, Campaign& c) {
  std::vector<FieldError> errs;
  if (auto m = check_text(c.name, 100, true)) errs.push_back({"name", *m});
  if (auto m = check_text(c.description, 4000, false, true)) errs.push_back({"description", *m});
  if (!parse_date(c.start_date))
    errs.push_back({"start_date", issue("not_a_date", {{"example", "2017-10-01"}})});
  if (!parse_date(c.end_date))
    errs.push_back({"end_date", issue("not_a_date", {{"example", "2018-03-31"}})});
  else if (c.end_date < c.start_date)
    errs.push_back({"end_date", issue("before_start", {{"start", c.start_date}})});
  if (!campaign_workflow().state(c.status)) errs.push_back({"status", issue("bad_campaign_status")});
  for (const auto& [field, id] : {std::pair{"jurisdiction_unit_id", c.jurisdiction_unit_id},
                                  std::pair{"office_unit_id", c.office_unit_id}}) {
    LT_ASSIGN(auto u, store::units::get(tx, id));
    if (!u) {
      errs.push_back({field, issue("no_such_unit")});
      continue;
    }
    if (std::string(field) == "jurisdiction_unit_id")
      c.jurisdiction_unit_name = u->name;
    else
      c.office_unit_name = u->name;
  }
  if (c.targets.size() > 30) errs.push_back({"targets", issue("too_many", {{"max", "30"}})});
  for (size_t i = 0; i < c.targets.size(); ++i) {
    const auto& t = c.targets[i];
    std::string f = "targets[" + std::to_string(i) + "].";
    if (auto m = check_text(t.name, 100, true)) errs.push_back({f + "name", *m});
    if (auto m = check_text(t.note, 200, false)) errs.push_back({f + "note", *m});
    if (auto m = check_text(t.unit, 20, false)) errs.push_back({f + "unit", *m});
    if (!t.direction.empty() && t.direction != "decrease" && t.direction != "increase")
      errs.push_back({f + "direction", issue("bad_direction")});
  }
  if (c.documents.size() > 30) errs.push_back({"documents", issue("too_many", {{"max", "30"}})});
  for (size_t i = 0; i < c.documents.size(); ++i) {
    const auto& d = c.documents[i];
    std::string f = "documents[" + std::to_string(i) + "].";
    if (auto m = check_text(d.title, 200, true)) errs.push_back({f + "title", *m});
    if (auto m = check_text(d.number, 60, false)) errs.push_back({f + "number", *m});
    if (!d.date.empty() && !parse_date(d.date))
      errs.push_back({f + "date", issue("not_a_date", {{"example", "2017-08-21"}})});
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  return {};
}

Error duplicate(const Error& e) {
  if (e.kind == ErrorKind::conflict) return Error::make("campaign_name_taken");
  return e;
}

}  // namespace

Result<CampaignOverview> CampaignService::overview(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  CampaignOverview out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, overview_in(tx, a, id));
    return {};
  }));
  return out;
}

Result<CampaignOverview> CampaignService::overview_in(store::Tx& tx, const Actor& a, int64_t id) {
  CampaignOverview out;
  std::string today = format_shanghai(clock_.now()).substr(0, 10);
  {
    LT_ASSIGN(auto c, store::campaigns::get(tx, id));
    if (!c) return Error::make("campaign_not_found");
    out.campaign = std::move(*c);
    LT_ASSIGN(auto areas, store::campaigns::areas(tx, id));
    // The counts use the task list's own filter (store::tasks::build), so a
    // card's number equals the total of the list it links to.
    store::tasks::Filter top;
    top.campaign_id = id;
    top.scope_path = a.scope_path();
    top.top_visible = true;
    LT_ASSIGN(auto tops, store::tasks::count_by_area(tx, top));
    store::tasks::Filter late;
    late.campaign_id = id;
    late.scope_path = a.scope_path();
    late.overdue = true;
    late.today = today;
    LT_ASSIGN(auto lates, store::tasks::count_by_area(tx, late));
    out.actions = actions_for(a, out.campaign);
    bool may_create = std::find(out.actions.begin(), out.actions.end(), "create_task") != out.actions.end();
    for (auto& ar : areas) {
      AreaOverview o{std::move(ar), {}, {}, {}};
      o.stats.work_area_id = o.area.id;
      for (const auto& c : tops)
        if (c.work_area_id == o.area.id) {
          o.stats.tasks = c.tasks;
          o.stats.completed = c.done;
          o.stats.progress = c.weight > 0 ? c.weighted_progress / c.weight : 0;
        }
      for (const auto& c : lates)
        if (c.work_area_id == o.area.id) o.stats.overdue = c.tasks;
      std::string area_id = std::to_string(o.area.id);
      o.lists = {
          {"task_count", {{"work_area_id", area_id}, {"top", "true"}}},
          {"completed_count", {{"work_area_id", area_id}, {"top", "true"}, {"status", "completed,accepted"}}},
          {"overdue_count", {{"work_area_id", area_id}, {"overdue", "true"}}}};
      if (may_create) o.actions.push_back("create_task");
      out.areas.push_back(std::move(o));
    }
  }
  return out;
}

Result<Campaign> CampaignService::create(const Actor& a, const CampaignInput& in) {
  if (!may_write(a)) return Error::make("office_only");
  std::vector<FieldError> missing;
  for (auto [f, present] : {std::pair{"name", bool(in.name)}, std::pair{"start_date", bool(in.start_date)},
                            std::pair{"end_date", bool(in.end_date)},
                            std::pair{"jurisdiction_unit_id", bool(in.jurisdiction_unit_id)},
                            std::pair{"office_unit_id", bool(in.office_unit_id)}})
    if (!present) missing.push_back({f, issue("required")});
  if (!missing.empty()) return Error::validation(std::move(missing));
  std::vector<const WorkAreaDef*> areas;
  if (in.work_area_codes) {
    std::set<std::string> seen;
    for (size_t i = 0; i < in.work_area_codes->size(); ++i) {
      const auto& code = (*in.work_area_codes)[i];
      const WorkAreaDef* d = find_work_area(code);
      if (!d)
        return Error::field("work_area_codes[" + std::to_string(i) + "]", "unknown_work_area",
                            {{"name", code}});
      if (seen.insert(code).second) areas.push_back(d);
    }
  } else {
    for (const auto& d : work_area_catalogue()) areas.push_back(&d);
  }
  const WorkflowDef& wf = campaign_workflow();
  Campaign c;
  c.status = wf.initial;
  apply(c, in);
  // A status other than the initial one: the action that leads there.
  const WorkflowTransition* first = nullptr;
  if (in.status && *in.status != wf.initial) {
    if (!wf.state(*in.status)) return Error::field("status", issue("bad_campaign_status"));
    LT_ASSIGN(first, transition_for_status(wf, wf.initial, *in.status, parties_of(a)));
    c.status = first->to;
  }
  std::string now = format_utc(clock_.now());
  Campaign out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(validate(tx, c));
    auto ins = store::campaigns::insert(tx, c, now);
    if (!ins.ok()) return duplicate(ins.error());
    out = std::move(ins).value();
    int order = 0;
    for (const auto* d : areas) {
      WorkArea w;
      w.campaign_id = out.id;
      w.code = std::string(d->code);
      w.name = std::string(d->name_zh);
      w.sort_order = ++order;
      LT_TRY(store::campaigns::insert_area(tx, w, now));
    }
    LT_TRY(
        record_audit(tx, a, "create", "campaign", std::to_string(out.id), nullptr, campaign_view(out), now));
    LT_TRY(record_workflow_event(tx, a, wf.name, out.id, "create", "", wf.initial, "", now));
    if (first)
      LT_TRY(record_workflow_event(tx, a, wf.name, out.id, first->name, wf.initial, first->to, "", now));
    return {};
  }));
  return out;
}

Result<Campaign> CampaignService::update(const Actor& a, int64_t id, const CampaignInput& in) {
  if (!may_write(a)) return Error::make("office_only");
  if (in.work_area_codes) return Error::field("work_area_codes", issue("cannot_change"));
  std::string now = format_utc(clock_.now());
  Campaign out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, store::campaigns::get(tx, id));
    if (!cur) return Error::make("campaign_not_found");
    if (cur->version != in.version)
      return Error::make("stale_version", {{"version", std::to_string(cur->version)}});
    Campaign c = *cur;
    apply(c, in);
    // Nothing about a frozen campaign changes but through an action.
    if (campaign_status_frozen(cur->status) && campaign_view(c) != campaign_view(*cur))
      return Error::make("campaign_closed");
    const WorkflowDef& wf = campaign_workflow();
    const WorkflowTransition* step = nullptr;
    if (in.status && *in.status != cur->status) {
      if (!wf.state(*in.status)) return Error::field("status", issue("bad_campaign_status"));
      LT_ASSIGN(step, transition_for_status(wf, cur->status, *in.status, parties_of(a)));
      c.status = step->to;
    }
    LT_TRY(validate(tx, c));
    if (campaign_view(c) == campaign_view(*cur)) {
      out = *cur;
      return {};
    }
    auto ok = store::campaigns::update(tx, c, now);
    if (!ok.ok()) return duplicate(ok.error());
    if (!*ok) return Error::make("stale_version");
    LT_ASSIGN(auto again, store::campaigns::get(tx, id));
    out = std::move(*again);
    // A change of status alone is audited as its action.
    Campaign only_status = *cur;
    only_status.status = c.status;
    std::string what = step && campaign_view(only_status) == campaign_view(c) ? step->name : "update";
    LT_TRY(record_audit(tx, a, what, "campaign", std::to_string(id), campaign_view(*cur), campaign_view(out),
                        now));
    if (step) LT_TRY(record_workflow_event(tx, a, wf.name, id, step->name, cur->status, out.status, "", now));
    return {};
  }));
  return out;
}

Result<WorkArea> CampaignService::update_area(const Actor& a, int64_t area_id, const WorkAreaInput& in) {
  if (!may_write(a)) return Error::make("office_only");
  std::string now = format_utc(clock_.now());
  WorkArea out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, store::campaigns::get_area(tx, area_id));
    if (!cur) return Error::make("work_area_not_found");
    LT_ASSIGN(auto campaign, store::campaigns::get(tx, cur->campaign_id));
    if (campaign && campaign_status_frozen(campaign->status)) return Error::make("campaign_closed");
    if (cur->version != in.version)
      return Error::make("stale_version", {{"version", std::to_string(cur->version)}});
    WorkArea w = *cur;
    std::vector<FieldError> errs;
    if (in.name) w.name = trim(*in.name);
    if (in.description) w.description = *in.description;
    if (in.leader) w.leader = *in.leader;
    if (in.sort_order) w.sort_order = int(*in.sort_order);
    if (auto m = check_text(w.name, 100, true)) errs.push_back({"name", *m});
    if (auto m = check_text(w.description, 4000, false, true)) errs.push_back({"description", *m});
    if (auto m = check_text(w.leader.name, 40, false)) errs.push_back({"leader.name", *m});
    if (!w.leader.phone.empty() && !valid_phone(w.leader.phone))
      errs.push_back({"leader.phone", issue("bad_phone")});
    if (in.lead_unit_id) {
      w.lead_unit_id = *in.lead_unit_id;
      if (w.lead_unit_id) {
        LT_ASSIGN(auto u, store::units::get(tx, *w.lead_unit_id));
        if (!u)
          errs.push_back({"lead_unit_id", issue("no_such_unit")});
        else
          w.lead_unit_name = u->name;
      } else {
        w.lead_unit_name.clear();
      }
    }
    if (in.cooperating_unit_ids) {
      w.cooperating_units.clear();
      std::set<int64_t> seen;
      for (int64_t id : *in.cooperating_unit_ids) {
        if (!seen.insert(id).second) continue;
        LT_ASSIGN(auto u, store::units::get(tx, id));
        if (!u)
          errs.push_back({"cooperating_unit_ids", issue("no_such_unit")});
        else
          w.cooperating_units.push_back({u->id, u->name});
      }
    }
    if (!errs.empty()) return Error::validation(std::move(errs));
    if (work_area_view(w) == work_area_view(*cur)) {
      out = *cur;
      return {};
    }
    LT_ASSIGN(bool ok, store::campaigns::update_area(tx, w, now));
    if (!ok) return Error::make("stale_version");
    LT_ASSIGN(auto again, store::campaigns::get_area(tx, area_id));
    out = std::move(*again);
    LT_TRY(record_audit(tx, a, "update", "work_area", std::to_string(area_id), work_area_view(*cur),
                        work_area_view(out), now));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
