// The small request/response interface that handlers see. Nothing here knows
// about Boost.Beast: the server (server.h) translates to and from these plain
// structs, so the API layer and its tests compile without Asio.
//
// Thread-safety: plain values; a Request is owned by the one thread handling it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lantian::http {

struct Header {
  std::string name;  // lower-case
  std::string value;
};

struct Request {
  std::string method;           // "GET", "POST", ...
  std::string target;           // raw request target, e.g. "/api/v1/users?unit=3"
  std::string path;             // percent-decoded path without the query, e.g. "/api/v1/users"
  std::string query;            // raw query string after '?', not decoded ("" if none)
  std::vector<Header> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // peer IP as text
  std::string request_id;      // X-Request-Id from the client if sane, else generated

  // Value of the first header with this lower-case name, or "" if absent.
  std::string_view header(std::string_view lower_name) const {
    for (const auto& h : headers)
      if (h.name == lower_name) return h.value;
    return {};
  }
  bool has_header(std::string_view lower_name) const {
    for (const auto& h : headers)
      if (h.name == lower_name) return true;
    return false;
  }
};

struct Response {
  int status = 200;
  std::vector<Header> headers;  // e.g. {"content-type", "application/json"}
  std::string body;
  // Route pattern that handled the request ("/api/v1/users/{id}"), set by the
  // router; the server uses it to label logs and metrics. Empty = "unmatched".
  std::string route;
  // For the log only, never sent: what went wrong underneath an error answer
  // whose body says only its code (e.g. the database's own message behind a
  // 503 database_full). api::Api::handle logs it with the request id.
  std::string log_cause;
  // Work too slow for an I/O thread (password hashing, .xlsx, report files).
  // A handler that sets it answers nothing itself: the server runs it on its
  // worker pool and sends the Response it returns (the rest of this one, but
  // route, is ignored). Until it returns, the Request it was given stays
  // valid and untouched. If the pool's queue is full the server answers 503
  // (service-unavailable, Retry-After) without running it. It may throw: the
  // answer is then a 500 problem.
  std::function<Response()> offload;
  // Which of the server's pools runs `offload`. slow: CPU-heavy work, on a
  // few threads at a lower priority. wait: work that mostly waits — a
  // database write queued behind the single writer to share its commit —
  // on many threads, so that writes can pile up behind one commit without
  // holding the I/O threads (which would cap the writes waiting together at
  // the number of I/O threads).
  enum class Lane : uint8_t { slow, wait };
  Lane lane = Lane::slow;

  void set_header(std::string name, std::string value) {
    for (auto& h : headers)
      if (h.name == name) {
        h.value = std::move(value);
        return;
      }
    headers.push_back({std::move(name), std::move(value)});
  }
  void add_header(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
  }
  std::string_view header(std::string_view lower_name) const {
    for (const auto& h : headers)
      if (h.name == lower_name) return h.value;
    return {};
  }
};

// Handles one request. Called concurrently from the server's I/O threads, so
// it must be thread-safe, and quick: slow work goes in Response::offload. It
// must not throw; the server turns an escaped exception into a 500 problem
// response anyway.
using Handler = std::function<Response(Request&)>;

// The error code (core/error_codes.h) for a problem the HTTP layer answers
// on its own, before any route runs.
inline std::string_view code_for_status(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "too_large";
    case 431:
      return "headers_too_large";
    case 503:
      return "unavailable";
    case 505:
      return "http_version_not_supported";
    default:
      return "internal";
  }
}

}  // namespace lantian::http
