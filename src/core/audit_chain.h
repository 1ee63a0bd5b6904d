// The audit log's hash chain. Each entry's hash is SHA-256 over the previous
// entry's hash and the entry's own fields in a fixed, length-prefixed
// encoding, so editing, deleting or reordering any entry breaks every hash
// after it, and `lantian audit verify` can name the first broken entry.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace lantian {

struct AuditEntry {
  int64_t id = 0;
  std::string at;        // RFC 3339 UTC
  int64_t actor_id = 0;  // 0 = system / CLI
  std::string actor_name;
  std::string action;  // create, update, disable, enable, login, login_failed, ...
  std::string entity;  // unit, user, session, token
  std::string entity_id;
  std::string before_json;  // "" when nothing before (create)
  std::string after_json;   // "" when nothing after
  std::string client_address;
  std::string prev_hash;  // 64 hex zeros for the first entry
  std::string hash;
};

inline const std::string kGenesisHash(64, '0');

// The hash this entry should carry given its prev_hash and fields.
std::string audit_entry_hash(const AuditEntry& e);

}  // namespace lantian
