// All SQL for the login_throttle table: counters of failed logins per key
// ("addr:<address>" or "user:<username>@<address>"), each counting within a
// window and optionally locked until a time. The policy (which keys, which
// limits) lives in app/account_service.cpp; docs/security.md explains it.
//
// Times are RFC 3339 UTC strings that sort as text (core/clock.h).
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <string>

#include "store/db.h"

namespace lantian::store::login_throttle {

struct Counter {
  int64_t failures = 0;
  std::string window_start;  // "" when there is no row
  std::string locked_until;  // "" when not locked
};

// The counter for key; a zero Counter when there is none.
Result<Counter> get(Tx& tx, const std::string& key);
// Counts one failure at now, atomically (concurrent failures all count). A
// window that began before window_cutoff is over: the count restarts at 1.
// Returns the counter after the failure.
Result<Counter> add_failure(Tx& tx, const std::string& key, const std::string& now,
                            const std::string& window_cutoff);
// Locks key until `until` and restarts its count.
Status lock(Tx& tx, const std::string& key, const std::string& until, const std::string& now);
// Forgets key (a successful login clears its (account, address) counter).
Status clear(Tx& tx, const std::string& key);
// Deletes counters whose window began and whose lock ended before cutoff;
// returns how many.
Result<int64_t> purge(Tx& tx, const std::string& cutoff);

}  // namespace lantian::store::login_throttle
