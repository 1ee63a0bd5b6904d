#include "core/clock.h"

#include <fmt/format.h>

#include <cctype>

namespace lantian {
namespace {

using namespace std::chrono;

std::string format_with_offset(TimePoint t, minutes offset, bool iso) {
  auto shifted = t + offset;
  auto day = floor<days>(shifted);
  year_month_day ymd{day};
  hh_mm_ss hms{shifted - day};
  if (iso)
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", int(ymd.year()), unsigned(ymd.month()),
                       unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       hms.subseconds().count());
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

bool digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string format_utc(TimePoint t) { return format_with_offset(t, minutes(0), true); }

std::string format_shanghai(TimePoint t) { return format_with_offset(t, hours(8), false); }

std::optional<TimePoint> parse_time(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &mo) || s[7] != '-' ||
      !digits(s, 8, 2, &d))
    return std::nullopt;
  year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  minutes offset{0};
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, &h) || s.size() < 19 || s[13] != ':' ||
        !digits(s, 14, 2, &mi) || s[16] != ':' || !digits(s, 17, 2, &sec))
      return std::nullopt;
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int scale = 100, n = 0;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (scale > 0) ms += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos, ++n;
      }
      if (n == 0) return std::nullopt;
    }
    if (pos == s.size()) return std::nullopt;  // an instant needs a zone
    if (s[pos] == 'Z' || s[pos] == 'z') {
      if (pos + 1 != s.size()) return std::nullopt;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (pos + 6 != s.size() || !digits(s, pos + 1, 2, &oh) || s[pos + 3] != ':' ||
          !digits(s, pos + 4, 2, &om))
        return std::nullopt;
      offset = minutes(oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  auto tp = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + milliseconds(ms) - offset;
  return time_point_cast<milliseconds>(tp);
}

}  // namespace lantian
