#include "aq/types.h"

namespace lantian::aq {

std::string_view code(Pollutant p) {
  constexpr std::array<std::string_view, kPollutantCount> t = {"SO2", "NO2", "CO", "O3", "PM10", "PM2.5"};
  return t[index(p)];
}

std::string to_string(PollutantSet s) {
  std::string out;
  for (Pollutant p : kPollutants)
    if (s.contains(p)) {
      if (!out.empty()) out += ';';
      out += code(p);
    }
  return out;
}

std::string_view code(Edition e) { return e == Edition::hj633_2012 ? "2012" : "2026"; }

}  // namespace lantian::aq
