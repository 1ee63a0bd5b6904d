// JSON views of the enterprise registry's records: how an enterprise, a
// banned enterprise, a suspected relocation and a ledger row linked to an
// enterprise look to the outside (API responses and the before/after of
// audit entries). Empty optional texts (credit code, ban date) are null;
// points are WGS-84 {lng, lat} or null.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "core/enterprise.h"
#include "core/ledger_row.h"

namespace lantian::app {

boost::json::object identity_view(const EnterpriseIdentity& e, boost::json::storage_ptr sp = {});
boost::json::object enterprise_view(const Enterprise& e, boost::json::storage_ptr sp = {});
boost::json::object banned_enterprise_view(const BannedEnterprise& b, boost::json::storage_ptr sp = {});
boost::json::object relocation_alert_view(const RelocationAlert& a, boost::json::storage_ptr sp = {});
// A ledger row as an enterprise's page lists it: no field values.
boost::json::object linked_ledger_row_view(const LedgerRow& r, boost::json::storage_ptr sp = {});
// The enterprise statuses (core/enterprises.h): [{code, label_zh, label_en}].
boost::json::array enterprise_statuses_view();

}  // namespace lantian::app
