// Time in Lantian: instants are UTC, stored and sent as RFC 3339 strings with
// millisecond precision and a 'Z' ("2026-11-30T07:15:30.123Z"), which sort
// lexicographically in both SQLite and PostgreSQL. The clock is injectable so
// that expiry, lockout and (later) deadline rules can be tested.
//
// Thread-safety: SystemClock is stateless; ManualClock is safe to share
// (atomic). Formatting functions are pure.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lantian {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

// The system clock shifted by a fixed offset: `lantian serve --clock-start`
// runs a server "as of" another date (demos of a past campaign, end-to-end
// tests of deadlines and reminders) while time still flows normally.
class OffsetClock final : public Clock {
 public:
  OffsetClock() = default;
  // Makes now() equal `start` at this moment.
  void start_at(TimePoint start) { offset_ms_ = (start - SystemClock().now()).count(); }
  TimePoint now() const override {
    return SystemClock().now() + std::chrono::milliseconds(offset_ms_.load());
  }
  bool shifted() const { return offset_ms_.load() != 0; }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

// A clock for tests: starts at a given time and moves only when told.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : ms_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(std::chrono::milliseconds(ms_.load())); }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }
  void set(TimePoint t) { ms_ = t.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> ms_;
};

// "2026-11-30T07:15:30.123Z"
std::string format_utc(TimePoint t);
// Parses RFC 3339 with 'Z' or a numeric offset, optional fraction; also a bare
// date "YYYY-MM-DD" (midnight UTC). nullopt on anything malformed.
std::optional<TimePoint> parse_time(std::string_view text);
// Shows an instant in China Standard Time (UTC+8, no DST since 1991):
// "2026-11-30 15:15:30".
std::string format_shanghai(TimePoint t);

}  // namespace lantian
