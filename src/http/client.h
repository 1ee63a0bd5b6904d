// A minimal outgoing HTTP/1.1 client for webhooks: one POST of a JSON body
// per call on a fresh connection ("Connection: close"), answering the HTTP
// status. Boost headers stay inside client.cpp.
//
// http:// only. https:// is refused (invalid): Lantian does not carry a TLS
// client; point the webhook at a gateway on the local network (nginx, the
// chat/SMS relay) over http:// and let it speak TLS to the outside.
//
// Timeout: `timeout` bounds connecting, sending the request and receiving
// the response's status line and headers together; the body of the answer
// is not read. Resolving a host name goes through the system resolver first
// (use an IP address or a name in /etc/hosts for a strict bound).
//
// Errors: invalid for a malformed or non-http URL; unavailable when the host
// cannot be resolved or reached, the connection breaks, no answer comes
// within the timeout, or the answer is not HTTP. Any HTTP status (also 4xx
// and 5xx) is a successful result: the caller decides what it means.
// Thread-safety: thread-safe (each call has its own I/O context).
#pragma once

#include <chrono>
#include <string>

#include "core/error.h"

namespace lantian::http {

struct Url {
  std::string host;    // "10.0.0.5", "hooks.local" (IPv6 without brackets)
  std::string port;    // "80" unless given
  std::string target;  // "/path?query", at least "/"
};

// Parses "http://host[:port][/path][?query]". Errors: invalid, saying why.
Result<Url> parse_http_url(const std::string& url);

// POSTs body (Content-Type: application/json; charset=utf-8) to url and
// returns the response status.
Result<int> post_json(const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace lantian::http
