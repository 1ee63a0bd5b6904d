// Reading HTTP/1.x requests from bytes as they arrive, without a socket: the
// server (server.h) feeds each connection's input through a RequestReader,
// so the parsing, the limits and the checks made before a handler sees a
// request can be tested and fuzzed on a byte buffer (fuzz/). Boost.Beast
// stays inside request_reader.cpp.
//
//   RequestReader reader(limits);
//   reader.start(req);                       // for each request
//   used = reader.feed(bytes);               // as bytes arrive; drop `used`
//   if (reader.state() == State::failed)     // answer reader.error(), close
//   if (reader.state() == State::done)       // then finish(): 505/400 or ok
//
// What it refuses, as the problem response to send before closing:
//   400 bad-request (malformed request, HTTP/1.1 without Host, a target
//   with invalid escapes, %00 or a ".." segment), 413 payload-too-large
//   (body over the request's limit: max_body_bytes or body_limit_for's; a
//   Content-Length over it is refused before any of the body is read), 431 request-header-fields-too-large
//   (request line and headers over max_header_bytes, however they arrive in pieces), 505
//   http-version-not-supported (a well-formed version other than 1.0 or 1.1, e.g. HTTP/2.0 sent in clear
//   text).
//
// Thread-safety: a reader and its Request belong to one connection and are
// used by one thread at a time. The free functions are thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace lantian::http {

struct RequestLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  // The body limit of one request by its method and percent-decoded path,
  // asked once its header is in; 0, unset, or a target that does not decode
  // = max_body_bytes. Lets some routes take larger bodies (ledger imports)
  // without raising the limit for every other, or take less.
  std::function<std::size_t(std::string_view method, std::string_view path)> body_limit_for;
};

class RequestReader {
 public:
  enum class State { need_more, done, failed };

  explicit RequestReader(RequestLimits limits);
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Begins a request parsed into `req`, which must outlive it and which the
  // caller has cleared. Fills method, target, headers (names lower-cased)
  // and body.
  void start(Request& req);
  // Parses what it can of `data` (the bytes received and not yet used) and
  // returns how many bytes it used; the rest belongs to a later call or, once
  // done, to the next request (pipelining). Empty lines before a request
  // line are skipped (RFC 9112 2.2). Needs the bytes again, with more after
  // them, until state() is no longer need_more.
  std::size_t feed(std::string_view data);
  State state() const { return state_; }
  // When failed: the problem to answer (400, 413, 431, or 505 for a
  // well-formed version other than HTTP/1.0 and 1.1).
  const Response& error() const { return error_; }

  // Whether any byte of this request (past leading empty lines) was used.
  bool got_some() const;
  bool header_done() const;
  // The client sent "Expect: 100-continue" (meaningful once header_done()).
  bool expect_continue() const;
  int version() const;  // 10, 11, ... (once header_done())
  bool keep_alive() const;

  // When done: the checks before a handler may see the request: HTTP version
  // 1.0 or 1.1 (505), Host for 1.1 (400), a target that splits into a
  // percent-decoded path and the raw query (400). Sets req.path and
  // req.query. Returns the problem to answer, or nullopt.
  std::optional<Response> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  State state_ = State::need_more;
  Response error_;
};

// An application/problem+json response with type
// https://lantian.dev/problems/<slug> and the error code for the status
// (code_for_status in message.h).
Response problem(int status, std::string_view slug, std::string_view title, std::string_view detail);

// Splits a request target into a percent-decoded path and the raw query
// (after '?', not decoded). Returns an error text, or nullptr on success.
// "*" is valid only for OPTIONS; the absolute form (http://host/path) is
// accepted. Refused: a target not starting with '/', invalid
// percent-encoding, %00, and a ".." segment (after decoding).
const char* split_target(std::string_view target, std::string_view method, std::string& path,
                         std::string& query);

// A client's X-Request-Id is used if it is 1-64 chars of [A-Za-z0-9._-].
bool sane_request_id(std::string_view id);
// 16 random hex digits (per-thread generator; not a secret).
void generate_request_id(std::string& out);

}  // namespace lantian::http
