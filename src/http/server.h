// HTTP/1.1 server on Boost.Beast/Asio. One I/O thread per core, keep-alive,
// header/body limits (431/413), read timeouts against slow clients, thousands
// of idle connections without stalling others, graceful shutdown: stop()
// refuses new connections, lets in-flight requests finish, then returns from
// run(). Boost headers stay inside server.cpp.
//
// Thread-safety: start()/run() from one thread; stop() from any thread or a
// signal handler context via request_stop_on_signals().
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace lantian::obs {
class Logger;
class Metrics;
}  // namespace lantian::obs

namespace lantian::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;            // 0 = pick a free port (see Server::port())
  unsigned threads = 0;            // 0 = one per core
  std::size_t max_header_bytes = 16 * 1024;        // larger -> 431
  std::size_t max_body_bytes = 8 * 1024 * 1024;    // larger -> 413
  std::chrono::milliseconds read_timeout{15000};   // whole request must arrive within this
  std::chrono::milliseconds idle_timeout{75000};   // keep-alive connection idle limit
  std::chrono::milliseconds shutdown_grace{10000}; // max wait for in-flight requests on stop
  std::size_t max_connections = 20000;             // beyond: accept and close at once
};

class Server {
 public:
  // logger and metrics may be null; they must outlive the server.
  Server(ServerOptions options, Handler handler, obs::Logger* logger, obs::Metrics* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Errors: address in use, bad host -> ErrorKind::unavailable.
  Status listen();
  // The bound port (useful with port 0). Valid after listen().
  uint16_t port() const;
  // Installs SIGTERM/SIGINT handling that calls stop(). Call before run().
  void stop_on_signals();
  // Serves until stop(); returns after in-flight requests have finished.
  void run();
  // Graceful stop; safe from any thread, idempotent.
  void stop();

  // Current number of open client connections (for /metrics).
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::http
