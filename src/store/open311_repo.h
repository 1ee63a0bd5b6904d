// All SQL for the Open311 tables (migration 0019): what a public request
// carried besides its problem (open311_requests), and the per-api_key
// request counters (open311_rate_limits). The policy — which keys, how many
// requests a minute — lives in app/open311_service.h.
//
// Times are RFC 3339 UTC strings that sort as text (core/clock.h).
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::open311 {

struct RequestExtras {
  int64_t problem_id = 0;
  std::string client;  // the api_key's fingerprint, never the key
  std::string media_url, device_id, account_id;
  std::string created_at;
};

// Inserts the extras of a new request (in the problem's transaction).
Status insert_request(Tx& tx, const RequestExtras& r);
// The extras of these problems, by problem id (problems without any are absent).
Result<std::map<int64_t, RequestExtras>> requests_for(Tx& tx, const std::vector<int64_t>& problem_ids);

struct Window {
  int64_t requests = 0;      // counted in the window, this one included
  std::string window_start;  // when the window began
};
// Counts one request of `key` at `now`, atomically (concurrent requests on
// any instance all count). A window that began before `window_cutoff` is
// over: the count restarts at 1 with a window beginning now.
Result<Window> count_request(Tx& tx, const std::string& key, const std::string& now,
                             const std::string& window_cutoff);

}  // namespace lantian::store::open311
