// HTTP/1.1 server on Boost.Beast/Asio. One I/O thread per core, keep-alive,
// header/body limits (431/413), read timeouts against slow clients, thousands
// of idle connections without stalling others, a bounded worker pool for slow
// handlers, graceful shutdown: stop() refuses new connections and stops
// reading new requests, lets the requests being handled finish, then returns
// from run(). Boost headers stay inside server.cpp.
//
// What a handler can rely on:
//  - It runs synchronously on an I/O thread (one io_context per thread; a
//    connection stays on one thread), so a slow handler delays the other
//    connections of that thread. Slow work goes in Response::offload: the
//    server runs it on its worker pool (pool_threads, at most pool_queue
//    waiting; beyond that 503 service-unavailable with Retry-After: 1) and
//    writes what it returns from the connection's I/O thread. The I/O thread
//    never waits for it.
//  - Request.path is percent-decoded; targets with invalid escapes, %00 or a
//    ".." segment, HTTP/1.1 without Host, and unparsable requests never reach
//    it (400). HTTP versions other than 1.0/1.1 get 505.
//  - Request.request_id is the client's X-Request-Id if it is 1-64 chars of
//    [A-Za-z0-9._-], else 16 random hex digits; it is echoed as x-request-id.
// What the server does with the Response:
//  - It owns framing: content-length, transfer-encoding, connection, date,
//    server and x-request-id set by a handler are dropped. For HEAD the body is
//    not sent and content-length is the body size, or, if the body is empty,
//    the handler's own content-length header (so HEAD can skip building it).
//    204 and 304 carry neither body nor content-length.
//  - "connection: close" from a handler closes the connection after the reply.
//  - Every response carries "x-content-type-options: nosniff" (added unless
//    the handler set the header itself).
//  - A header name that is not a token or a value with CR/LF/NUL, a status
//    outside 200..999, or an exception from the handler yields a 500 problem.
// Errors it answers itself, as application/problem+json with type
// https://lantian.dev/problems/<slug>, then closes the connection:
//   400 bad-request, 413 payload-too-large (over max_body_bytes, or the
//   request's own body_limit), 431 request-header-fields-too-large,
//   500 internal-error, 503 service-unavailable (over max_connections, or the
//   worker pool's queue is full; with Retry-After: 1), 505
//   http-version-not-supported.
// Open files: max_connections is capped below the process's RLIMIT_NOFILE
// soft limit (minus reserved_fds for the database, files and logs), so that
// accept() never fails for want of a descriptor; call
// raise_open_file_limit() once at start to lift the soft limit first.
// Metrics (when given): lantian_http_pool_{threads,queue_limit,queued,busy},
// lantian_http_pool_{completed,rejected}_total,
// lantian_http_max_connections and lantian_http_connections_refused_total.
// Every response is counted in Metrics (route "" = "unmatched") and logged at
// info as "request" with request_id, method, route, path, status, duration_ms
// (first request byte to response written) and remote.
//
// Thread-safety: listen()/stop_on_signals()/run() from one thread; stop() and
// open_connections() from any thread. Not async-signal-safe: for signals use
// stop_on_signals(), which handles SIGTERM/SIGINT on the I/O thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace lantian::obs {
class Logger;
class Metrics;
}  // namespace lantian::obs

namespace lantian::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;                          // 0 = pick a free port (see Server::port())
  unsigned threads = 0;                          // 0 = one per core
  std::size_t max_header_bytes = 16 * 1024;      // larger -> 431
  std::size_t max_body_bytes = 8 * 1024 * 1024;  // larger -> 413
  // Another body limit for some requests, by method and percent-decoded path
  // (asked once a request's header is in; 0 = max_body_bytes): the API's
  // larger one for ledger imports (api::Api::body_limit).
  std::function<std::size_t(std::string_view method, std::string_view path)> body_limit;
  // Whole request must arrive within this, counted from its first byte (a new
  // connection gets it for its first request too): defeats slowloris clients.
  std::chrono::milliseconds read_timeout{15000};
  // Keep-alive connection idle limit between requests; also the limit for
  // writing one response (a client that stops reading is dropped).
  std::chrono::milliseconds idle_timeout{75000};
  std::chrono::milliseconds shutdown_grace{10000};  // max wait for in-flight requests on stop
  // Beyond it: accept, answer 503, close. Capped at listen() to the open-file
  // soft limit minus reserved_fds (half the limit if that leaves less).
  std::size_t max_connections = 20000;
  std::size_t reserved_fds = 128;
  // The worker pool for Response::offload: threads (0 = half the cores, at
  // least 1), how many tasks may wait beyond those running, and how much
  // lower the pool threads' CPU priority is (nice), so that hashing and
  // spreadsheets cannot crowd out the I/O threads.
  unsigned pool_threads = 0;
  std::size_t pool_queue = 32;
  int pool_nice = 10;
  // The pool for Response::Lane::wait (writes waiting for a shared commit):
  // threads (0 = 64), and how many may wait beyond those running before 503.
  // The threads mostly sleep; what bounds the writes is the database.
  unsigned wait_threads = 0;
  std::size_t wait_queue = 1024;
};

// The process's open-file limit (RLIMIT_NOFILE) before and after
// raise_open_file_limit(); 0 = unknown (getrlimit failed).
struct FileLimit {
  uint64_t before = 0;
  uint64_t after = 0;
  uint64_t hard = 0;
};
// Raises the soft open-file limit to the hard one (capped at 1,048,576), so
// that a default of 1,024 does not cap the connections. Call once at start,
// before threads open files. Never fails: on error the limit stays as it was.
FileLimit raise_open_file_limit();

class Server {
 public:
  // logger and metrics may be null; they must outlive the server.
  Server(ServerOptions options, Handler handler, obs::Logger* logger, obs::Metrics* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens, and caps max_connections to the open-file limit
  // (logged at warn when it lowers it). host is an IP literal or a name
  // resolved once (first address). Errors: address in use, bad host ->
  // ErrorKind::unavailable.
  Status listen();
  // The connection limit in force (after listen(): capped, see above).
  std::size_t max_connections() const;
  // The bound port (useful with port 0). Valid after listen().
  uint16_t port() const;
  // Installs SIGTERM/SIGINT handling that calls stop(). Call before run().
  void stop_on_signals();
  // Serves on options.threads threads (the caller's is one of them) until
  // stop(); returns after in-flight requests have finished. Call once.
  void run();
  // Graceful stop; safe from any thread, idempotent, may precede run(). Closes
  // the listening socket at once, and every connection that is not handling
  // or answering a request: idle keep-alive ones and those still receiving
  // one (a client halfway through a request does not hold up shutdown).
  // Requests being handled (on an I/O thread or the worker pool) complete and
  // get "connection: close"; whatever is still open after shutdown_grace is
  // closed, and run() returns once the pool tasks in progress have finished.
  void stop();

  // Current number of open client connections (for /metrics).
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::http
