// Structured logs: one JSON object per line (time in UTC RFC 3339 with
// milliseconds, level, msg, and any extra fields such as request_id, route,
// status, duration_ms). Written to a FILE* (stderr by default).
//
// Example: {"time":"2026-11-30T07:15:30.123Z","level":"info","msg":"request","status":200}
// Field keys and string values are JSON-escaped; non-finite doubles become null.
// Info and debug lines may sit in memory for up to 50 ms (see Logger), so a
// crash can lose the last moment of access logs; warn and error lines are
// written before log() returns.
//
// Thread-safety: all methods are thread-safe; each line is written whole (it is
// formatted into a per-thread buffer and appended to the queue under a mutex).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>

namespace lantian::obs {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

// Parses "debug|info|warn|error|off" (case-insensitive, "warning" too); returns
// false and leaves *out untouched on anything else.
bool parse_log_level(std::string_view text, LogLevel* out);

struct LogField {
  std::string_view key;
  std::variant<std::string_view, long long, double, bool> value;
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, long long v) : key(k), value(v) {}
  LogField(std::string_view k, int v) : key(k), value(static_cast<long long>(v)) {}
  LogField(std::string_view k, unsigned v) : key(k), value(static_cast<long long>(v)) {}
  LogField(std::string_view k, long v) : key(k), value(static_cast<long long>(v)) {}
  LogField(std::string_view k, unsigned long v) : key(k), value(static_cast<long long>(v)) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}
};

// Lines at info and debug are batched and written by a background thread at
// least every 50 ms (one write for many requests instead of one per request,
// which halved throughput at info level); a warn or error line is written at
// once, together with everything queued before it, so order is kept.
class Logger {
 public:
  explicit Logger(std::FILE* out = stderr, LogLevel level = LogLevel::info);
  // Flushes what is queued.
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;
  // Writes everything queued so far; returns when it is written.
  void flush();
  // The level may change while other threads log (e.g. on SIGHUP), hence atomic.
  void set_level(LogLevel level) { level_.store(level, std::memory_order_relaxed); }
  LogLevel level() const { return level_.load(std::memory_order_relaxed); }
  bool enabled(LogLevel level) const { return level != LogLevel::off && level >= this->level(); }

  // Writes one line if level is enabled. Write errors are ignored: logging must
  // never take the server down.
  void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});
  void debug(std::string_view msg, std::initializer_list<LogField> f = {}) { log(LogLevel::debug, msg, f); }
  void info(std::string_view msg, std::initializer_list<LogField> f = {}) { log(LogLevel::info, msg, f); }
  void warn(std::string_view msg, std::initializer_list<LogField> f = {}) { log(LogLevel::warn, msg, f); }
  void error(std::string_view msg, std::initializer_list<LogField> f = {}) { log(LogLevel::error, msg, f); }

 private:
  void flush_pending();  // takes write_mu_, then mu_ briefly
  void run_flusher();

  std::FILE* out_;
  std::atomic<LogLevel> level_;
  std::mutex mu_;        // guards pending_ and stop_
  std::mutex write_mu_;  // keeps writes in order
  std::condition_variable wake_;
  std::string pending_;
  bool stop_ = false;
  std::thread flusher_;
};

// Appends s to out as a JSON string literal (with quotes), escaping control
// characters and quotes; invalid UTF-8 bytes become U+FFFD.
void append_json_string(std::string& out, std::string_view s);

}  // namespace lantian::obs
