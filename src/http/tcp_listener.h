// TcpListener: a plain TCP server for the devices that push data in a
// protocol of their own — HJ 212-2017 frames from micro stations and
// enterprises' online monitors (src/cli/hj212_wiring.cpp) — beside the HTTP
// server, on its own port and threads.
//
// Each accepted connection gets a session from the factory; every chunk of
// bytes read is handed to the session's on_bytes() with a TcpReply, and the
// bytes the session gives the reply are written back before the next read
// (a device sends, waits for the answer, sends on). The reply may come
// later and from any thread: a session that must wait — for a database
// commit, say — hands the work elsewhere and returns, so no listener thread
// is held while it waits. The protocol — framing, resynchronising on
// garbage, limits on what a session buffers — is the session's. The
// listener bounds the rest: at most max_connections at once (later ones are
// closed at once), and a connection idle for idle_timeout is closed
// (waiting for a reply counts as idle: a reply that never comes ends the
// connection then).
//
// Errors: listen() returns unavailable when the address cannot be bound.
// Thread-safety: listen(), start() and stop() from one thread; sessions run
// on the listener's threads, one on_bytes() at a time per session, and the
// next only after the reply to the one before (a session needs no lock of
// its own for what on_bytes() and the path to its reply touch). A TcpReply
// may be called from any thread, also after stop() or the listener's
// destruction (then it does nothing).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::http {

// The answer to one on_bytes(): the bytes to write back ("" = none), after
// which the connection reads on. Call it exactly once; later calls are
// ignored, and a connection whose reply never comes reads no more.
using TcpReply = std::function<void(std::string answer)>;

class TcpSession {
 public:
  virtual ~TcpSession() = default;
  // Bytes as they arrived (any split). Answers through `reply`, now (before
  // returning) or later.
  virtual void on_bytes(std::string_view bytes, TcpReply reply) = 0;
};

struct TcpListenerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 0;  // 0 = any free port (tests)
  unsigned threads = 1;
  size_t max_connections = 4096;
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(10);
};

struct TcpListenerStats {
  std::atomic<uint64_t> accepted{0}, refused{0}, timed_out{0}, bytes_in{0}, bytes_out{0};
  std::atomic<int64_t> open{0};
};

class TcpListener {
 public:
  using Factory = std::function<std::unique_ptr<TcpSession>(const std::string& peer)>;
  TcpListener(TcpListenerOptions options, Factory factory, obs::Logger* logger = nullptr);
  ~TcpListener();  // stops
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  Status listen();
  uint16_t port() const;  // the bound port, after listen()
  void start();           // serves on options.threads threads of its own
  void stop();            // closes every connection; joins the threads
  const TcpListenerStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::http
