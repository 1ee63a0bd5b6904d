// All SQL for the audit log. append() must run inside the same write
// transaction as the change it records, so a change and its audit entry
// commit or roll back together; it extends the hash chain via audit_head.
//
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/audit_chain.h"
#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::audit {

// Fills e.id, e.prev_hash and e.hash and inserts the entry.
Result<AuditEntry> append(Tx& tx, AuditEntry e);

struct Filter {
  std::string entity;
  std::string entity_id;
  std::optional<int64_t> actor_id;
  std::string action;
  std::vector<std::string> entities_in;  // entity is one of these (when not empty)
  std::vector<std::string> actions_in;   // action is one of these (when not empty)
  std::vector<std::string> actions_not_in;
  std::string from;  // RFC 3339, inclusive
  std::string to;    // RFC 3339, exclusive
};
// Newest first.
Result<PageOf<AuditEntry>> list(Tx& tx, const Filter& f, const Page& page);

struct VerifyReport {
  bool ok = true;
  int64_t checked = 0;
  int64_t first_bad_id = 0;  // 0 when ok
  std::string reason;
};
// Walks the whole chain in id order, in batches.
Result<VerifyReport> verify(Tx& tx);

}  // namespace lantian::store::audit
