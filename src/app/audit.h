// Recording changes in the audit log from application services. Call inside
// the write transaction that makes the change.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "app/actor.h"
#include "store/db.h"

namespace lantian::app {

// before/after may be null (create / delete). Errors: those of the store.
Status record_audit(store::Tx& tx, const Actor& actor, std::string_view action, std::string_view entity,
                    std::string_view entity_id, const boost::json::value& before,
                    const boost::json::value& after, const std::string& now);

}  // namespace lantian::app
