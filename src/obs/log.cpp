#include "obs/log.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>

namespace lantian::obs {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_u_escape(std::string& out, unsigned cp) {
  char buf[6] = {'\\',          'u', kHex[(cp >> 12) & 0xF], kHex[(cp >> 8) & 0xF], kHex[(cp >> 4) & 0xF],
                 kHex[cp & 0xF]};
  out.append(buf, 6);
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the byte there
// does not start one (overlong forms, surrogates and code points above
// U+10FFFF are invalid too, as in RFC 3629).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k) { return (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return left >= 2 && cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void append_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";  // JSON has no NaN/Infinity
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_int(std::string& out, long long v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

// "2026-11-30T07:15:30.123Z". gmtime_r is slow-ish and takes a lock on some
// libcs, so the date-and-seconds prefix is cached per thread.
void append_time(std::string& out) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  thread_local std::time_t cached_secs = -1;
  thread_local std::string cached_prefix;  // "2026-11-30T07:15:30"
  if (secs != cached_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    cached_prefix.clear();
    append_int(cached_prefix, tm.tm_year + 1900);
    cached_prefix.push_back('-');
    append_2(cached_prefix, tm.tm_mon + 1);
    cached_prefix.push_back('-');
    append_2(cached_prefix, tm.tm_mday);
    cached_prefix.push_back('T');
    append_2(cached_prefix, tm.tm_hour);
    cached_prefix.push_back(':');
    append_2(cached_prefix, tm.tm_min);
    cached_prefix.push_back(':');
    append_2(cached_prefix, tm.tm_sec);
    cached_secs = secs;
  }
  out += cached_prefix;
  const int milli = static_cast<int>(ms % 1000);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + milli / 100));
  append_2(out, milli % 100);
  out.push_back('Z');
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
    case LogLevel::off:
      break;
  }
  return "off";
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

}  // namespace

bool parse_log_level(std::string_view text, LogLevel* out) {
  LogLevel level;
  if (iequals(text, "debug")) {
    level = LogLevel::debug;
  } else if (iequals(text, "info")) {
    level = LogLevel::info;
  } else if (iequals(text, "warn") || iequals(text, "warning")) {
    level = LogLevel::warn;
  } else if (iequals(text, "error")) {
    level = LogLevel::error;
  } else if (iequals(text, "off")) {
    level = LogLevel::off;
  } else {
    return false;
  }
  if (out) *out = level;
  return true;
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes copied verbatim
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (std::size_t n = utf8_sequence_length(s, i)) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        // Other control characters (and DEL, which terminals interpret) are
        // escaped; a byte that starts no valid UTF-8 sequence becomes U+FFFD
        // so that every log line stays valid UTF-8 JSON.
        append_u_escape(out, c >= 0x80 ? 0xFFFD : c);
        break;
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace {
constexpr std::size_t kMaxPending = 256 * 1024;
constexpr auto kFlushEvery = std::chrono::milliseconds(50);
}  // namespace

Logger::Logger(std::FILE* out, LogLevel level) : out_(out), level_(level) {
  flusher_ = std::thread([this] { run_flusher(); });
}

Logger::~Logger() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  flush_pending();
}

void Logger::flush() { flush_pending(); }

void Logger::flush_pending() {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  thread_local std::string batch;
  batch.clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty() || out_ == nullptr) return;
  std::fwrite(batch.data(), 1, batch.size(), out_);
  std::fflush(out_);
  if (batch.capacity() > kMaxPending * 2) std::string().swap(batch);
}

void Logger::run_flusher() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, kFlushEvery);
    if (pending_.empty()) continue;
    lock.unlock();
    flush_pending();
    lock.lock();
  }
}

void Logger::log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (!enabled(level) || out_ == nullptr) return;
  thread_local std::string line;
  line.clear();
  line += "{\"time\":\"";
  append_time(line);
  line += "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"msg\":";
  append_json_string(line, msg);
  for (const auto& f : fields) {
    line.push_back(',');
    append_json_string(line, f.key);
    line.push_back(':');
    switch (f.value.index()) {
      case 0:
        append_json_string(line, std::get<0>(f.value));
        break;
      case 1:
        append_int(line, std::get<1>(f.value));
        break;
      case 2:
        append_double(line, std::get<2>(f.value));
        break;
      case 3:
        line += std::get<3>(f.value) ? "true" : "false";
        break;
    }
  }
  line += "}\n";
  bool now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ += line;
    now = level >= LogLevel::warn || pending_.size() > kMaxPending;
  }
  if (now) flush_pending();
  // A one-off huge line (a big field) should not pin its buffer in every thread.
  if (line.capacity() > 64 * 1024) std::string().swap(line);
}

}  // namespace lantian::obs
