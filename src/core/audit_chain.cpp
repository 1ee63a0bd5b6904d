#include "core/audit_chain.h"

#include <fmt/format.h>

#include "core/crypto.h"

namespace lantian {

std::string audit_entry_hash(const AuditEntry& e) {
  std::string buf;
  auto put = [&](std::string_view s) { fmt::format_to(std::back_inserter(buf), "{}:{};", s.size(), s); };
  put(e.prev_hash);
  put(std::to_string(e.id));
  put(e.at);
  put(std::to_string(e.actor_id));
  put(e.actor_name);
  put(e.action);
  put(e.entity);
  put(e.entity_id);
  put(e.before_json);
  put(e.after_json);
  put(e.client_address);
  return sha256_hex(buf);
}

}  // namespace lantian
