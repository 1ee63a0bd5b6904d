// JSON views of the enterprise registry's records: how an enterprise, a
// banned enterprise, a suspected relocation and a ledger row linked to an
// enterprise look to the outside (API responses and the before/after of
// audit entries). Empty optional texts (credit code, ban date) are null;
// points are WGS-84 {lng, lat} or null.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/enterprise.h"
#include "core/ledger_row.h"

namespace lantian::app {

boost::json::object identity_view(const EnterpriseIdentity& e, boost::json::storage_ptr sp = {});
boost::json::object enterprise_view(const Enterprise& e, boost::json::storage_ptr sp = {});
boost::json::object banned_enterprise_view(const BannedEnterprise& b, boost::json::storage_ptr sp = {});
// With "banned": the banned enterprise's identity, origin, ban date and
// reason as listed now, beside "candidate", the identity as it was matched.
boost::json::object relocation_alert_view(const RelocationAlert& a, boost::json::storage_ptr sp = {});

// What `reader` may do, for the buttons a client shows (it never re-checks a
// rule of its own); the services refuse anything else all the same.
//   registry_actions:  "register" and "import" (enterprises.write), "export"
//     (enterprises.read)
//   banned_list_actions: "add", "import" (the campaign office, keeps_banned_list)
//   enterprise_actions: "edit" and "file" (a document: enterprises.write; an
//     enterprise the reader sees is in their scope), "inspect"
//     (inspections.write), "ban" (the campaign office, while it is not banned)
//   relocation_alert_actions: "confirm", "dismiss" (the campaign office,
//     while the alert is open)
std::vector<std::string> registry_actions(const Actor& reader);
std::vector<std::string> banned_list_actions(const Actor& reader);
std::vector<std::string> enterprise_actions(const Actor& reader, const Enterprise& e);
std::vector<std::string> relocation_alert_actions(const Actor& reader, const RelocationAlert& a);
// The views above with the reader's "actions" (not for the audit log).
boost::json::object enterprise_view(const Enterprise& e, const Actor& reader,
                                    boost::json::storage_ptr sp = {});
boost::json::object relocation_alert_view(const RelocationAlert& a, const Actor& reader,
                                          boost::json::storage_ptr sp = {});
boost::json::array actions_view(const std::vector<std::string>& actions, boost::json::storage_ptr sp = {});
// A ledger row as an enterprise's page lists it: no field values.
boost::json::object linked_ledger_row_view(const LedgerRow& r, boost::json::storage_ptr sp = {});
// The enterprise statuses (core/enterprises.h): [{code, label_zh, label_en, color}].
boost::json::array enterprise_statuses_view();
// A suspected relocation's statuses, alike.
boost::json::array relocation_alert_statuses_view();

}  // namespace lantian::app
