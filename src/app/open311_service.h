// Open311Service: public complaints through the Open311 GeoReport v2 API
// (api/open311_routes.cpp) on the supervision problem loop
// (app/problem_service.h). A citizen's app lists the services, posts a
// service request and follows its status; the campaign office handles it
// like any other problem.
//
// Services: one per problem type of problem_rules() (service_code = the
// type's name), named by its Chinese label and grouped by its work area.
// None has attributes (GeoReport `metadata` false).
//
// Requests are problems of source "public", and only those: problems of
// every other source are internal, and asking for one by id answers
// service_request_not_found as for an id that does not exist. A posted
// request is registered by the system (created_by NULL; audit actor
// "open311" from the client's address) in the workflow's initial state, its
// reporter's name, phone and email in the problem's reporter_* fields (shown
// to the office only, never served here); what Open311 carries besides
// (media_url, device_id, account_id, which key posted it) is kept in
// open311_requests in the same transaction.
//
// Status: a request is "closed" when its state is final (the record's
// workflow is over: look-back passed, referred, merged, dismissed) or both
// done and frozen (the work is delivered and the office closed the record to
// changes: closed 销号, look-back due, rebound — a rebound opens a new
// problem of its own); "open" otherwise, also while a rectification is
// reported or verified (done, not frozen: the office has not accepted it
// yet). Derived from the flags of the problem workflow's states
// (core/workflow.h), so a deployment's own problem.toml maps by the same
// rule. status_notes is the current state's Chinese label, nothing from the
// problem's internal history.
//
// Keys and rate limits ([open311] in lantian.toml): only the configured
// api_keys may post (none configured: posting is disabled). Each key may post
// `requests_per_minute` requests in a window of a minute, counted before the
// request is checked (refused ones count too). The count is kept in the
// database (open311_rate_limits), not in the process: every instance behind
// the load balancer counts against the same limit, and a restart does not
// reset it. The window is fixed (starts with the first request after the
// last one ended), so up to twice the limit can pass around a window's end;
// that is the price of one row and one statement per request. Reads are not
// limited (they are cheap, capped at 1,000 and need no key).
//
// Errors: open311_disabled, api_key_invalid (403); rate_limited {limit,
// retry_after} (429); invalid with field errors named by the Open311
// parameters: service_code (required, one_of), lat / long (required when the
// other is given, not_a_number, out_of_range), location (location_required:
// neither lat/long nor address_string), email (not_an_email), media_url
// (not_a_web_address, too_long), device_id / account_id / address_string /
// description / first_name / phone (the problem's text checks: too_long,
// control_characters, ...); service_not_found {code}; service_request_not_found;
// for the list query: query_unknown_value (service_code, status), query_out_of_range
// (start_date after end_date), too_many (service_request_id).
//
// Thread-safety: thread-safe (the database is; the options are immutable).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/problem_service.h"
#include "core/clock.h"
#include "core/geo.h"
#include "core/workflow.h"
#include "store/db.h"

namespace lantian::app {

struct Open311Options {
  std::vector<std::string> keys;  // api_keys that may post; empty = posting disabled
  int64_t requests_per_minute = 30;
};

// One service of the list (GeoReport "service").
struct Open311ServiceInfo {
  std::string code;  // the problem type's name
  std::string name;  // its Chinese label
  std::string description;
  std::string keywords;  // comma-separated
  std::string group;     // the work area's Chinese name
};

// A posted request as sent (the form's values, "" when absent).
struct Open311Submission {
  std::string api_key, service_code;
  std::string lat, lng;  // "lat", "long"
  std::string address_string, address_id;
  std::string description, media_url;
  std::string email, first_name, last_name, phone;
  std::string device_id, account_id;
};

struct Open311Receipt {
  int64_t id = 0;
  std::string notice;
  std::string account_id;  // as sent, "" = none
};

// A request as GeoReport shows it. Times are W3C date-times in Beijing
// time ("2017-11-15T09:00:00+08:00"), "" when there is none.
struct Open311Request {
  int64_t id = 0;
  bool closed = false;
  std::string status_notes, service_name, service_code, description, agency_responsible, service_notice;
  std::string requested_datetime, updated_datetime, expected_datetime;
  std::string address;
  std::optional<LngLat> location;  // WGS-84
  std::string media_url;
};

// GET requests' filters. With ids, the others are ignored (as the spec says).
struct Open311Query {
  std::vector<int64_t> ids;
  std::vector<std::string> service_codes;
  std::optional<TimePoint> start, end;  // requested between, inclusive
  std::vector<std::string> statuses;    // "open", "closed"
};

class Open311Service {
 public:
  static constexpr int64_t kMaxRequests = 1000;  // per list
  static constexpr int kDefaultDays = 90;        // the list's default window

  Open311Service(store::Database& db, const Clock& clock, ProblemService& problems, Open311Options options);

  std::vector<Open311ServiceInfo> services() const;
  Result<Open311ServiceInfo> service(std::string_view code) const;

  // Checks the key and its rate, then the request, and registers the
  // problem. `client_address` goes to the audit log.
  Result<Open311Receipt> submit(const Open311Submission& in, const std::string& client_address);

  // Newest first, at most kMaxRequests; without ids or dates, those
  // requested in the last kDefaultDays days.
  Result<std::vector<Open311Request>> requests(const Open311Query& q);
  Result<Open311Request> request(int64_t id);

  // The status rule above, for one state of the problem workflow.
  static bool closed_state(const WorkflowState& s);

 private:
  // The configured key `api_key` is, by its SHA-256; "" when none is.
  std::string key_hash(std::string_view api_key) const;
  Status count(const std::string& hash);

  store::Database& db_;
  const Clock& clock_;
  ProblemService& problems_;
  Open311Options options_;
  std::vector<std::string> key_hashes_;  // SHA-256 of each configured key
};

}  // namespace lantian::app
