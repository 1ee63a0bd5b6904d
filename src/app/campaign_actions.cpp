// CampaignService: the campaign workflow (core/campaign_workflow.h) at work —
// what a reader may do with a campaign, which campaign start pages open on,
// taking an action and the campaign's history (workflow_events).
#include <algorithm>

#include "app/audit.h"
#include "app/campaign_internal.h"
#include "app/campaign_service.h"
#include "app/task_views.h"
#include "app/workflow_records.h"
#include "core/campaign_workflow.h"
#include "core/text.h"

namespace lantian::app {
using namespace campaign_internal;

namespace campaign_internal {
std::vector<std::string> actions_for(const Actor& a, const Campaign& c) {
  ActionCheck check;
  check.state = c.status;
  check.parties = parties_of(a);
  check.has_note = true;  // the UI asks for a note when an action needs one
  std::vector<std::string> out = available_actions(campaign_workflow(), check);
  if (may_write(a) && !campaign_status_frozen(c.status)) {
    out.emplace_back("edit");         // update(), update_area()
    out.emplace_back("create_task");  // TaskService::create()
  }
  return out;
}
}  // namespace campaign_internal

Result<std::vector<CampaignItem>> CampaignService::list(const Actor& a) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::vector<Campaign> all;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(all, store::campaigns::all(tx));  // latest start first, then latest made
    return {};
  }));
  std::vector<CampaignItem> out;
  for (auto& c : all) {
    CampaignItem item;
    item.actions = actions_for(a, c);
    item.campaign = std::move(c);
    out.push_back(std::move(item));
  }
  // The current campaign: the first open one, else the first not frozen, else the first.
  auto pick = std::find_if(out.begin(), out.end(),
                           [](const CampaignItem& i) { return campaign_status_open(i.campaign.status); });
  if (pick == out.end())
    pick = std::find_if(out.begin(), out.end(),
                        [](const CampaignItem& i) { return !campaign_status_frozen(i.campaign.status); });
  if (pick == out.end()) pick = out.begin();
  if (pick != out.end()) pick->current = true;
  return out;
}

Result<CampaignOverview> CampaignService::act(const Actor& a, int64_t id, const std::string& action,
                                              int64_t version, const std::string& note) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::string now = format_utc(clock_.now());
  std::string clean_note = trim(note);
  if (auto m = check_text(clean_note, 1000, false, true)) return Error::field("note", *m);
  const WorkflowDef& wf = campaign_workflow();
  CampaignOverview out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, store::campaigns::get(tx, id));
    if (!cur) return Error::make("campaign_not_found");
    if (cur->version != version)
      return Error::make("stale_version", {{"version", std::to_string(cur->version)}});
    ActionCheck c;
    c.state = cur->status;
    c.parties = parties_of(a);
    c.has_note = !clean_note.empty();
    LT_ASSIGN(const WorkflowTransition* t, check_workflow_action(wf, action, c));
    Campaign next = *cur;
    next.status = t->to;
    LT_ASSIGN(bool ok, store::campaigns::update(tx, next, now));
    if (!ok) return Error::make("stale_version");
    LT_ASSIGN(out, overview_in(tx, a, id));
    LT_TRY(record_audit(tx, a, t->name, "campaign", std::to_string(id), campaign_view(*cur),
                        campaign_view(out.campaign), now));
    LT_TRY(record_workflow_event(tx, a, wf.name, id, t->name, cur->status, t->to, clean_note, now));
    return {};
  }));
  return out;
}

Result<std::vector<store::workflow_events::Event>> CampaignService::events(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::vector<store::workflow_events::Event> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto c, store::campaigns::get(tx, id));
    if (!c) return Error::make("campaign_not_found");
    LT_ASSIGN(out, store::workflow_events::for_record(tx, campaign_workflow().name, id));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
