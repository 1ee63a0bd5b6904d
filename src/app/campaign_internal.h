// Shared by the campaign service's files (campaign_service.cpp: records;
// campaign_actions.cpp: the workflow). Not for other services.
#pragma once

#include <string>
#include <vector>

#include "app/actor.h"
#include "core/task.h"
#include "core/workflow.h"

namespace lantian::app::campaign_internal {

// Whoever writes campaigns over everything: the campaign office or an admin.
inline bool may_write(const Actor& a) { return a.can("campaigns.write") && a.grant.scope == Scope::all; }

// The parties the actor holds on any campaign (the office party, or none).
inline PartySet parties_of(const Actor& a) { return may_write(a) ? unsigned(Party::office) : 0u; }

// CampaignItem::actions for `c`.
std::vector<std::string> actions_for(const Actor& a, const Campaign& c);

}  // namespace lantian::app::campaign_internal
