// Fuzz target: the warning-standard loader and decide()
// (core/warning_standard.h). Input: the TOML text of a standard, then, after
// a line "#forecast", bytes read as daily AQIs (0..255 doubled, so 0..510:
// past the 500 cap on purpose) with a zero byte as a day missing. A standard
// that passes must be as the header promises (ranks 1, 2, 3… with ratios
// that never fall, clauses a forecast can meet), and its decision must be
// the highest level any episode meets, with reasons that hold.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/warning_standard.h"
#include "fuzz_check.h"

using namespace lantian;

namespace {

void check_standard(const WarningStandard& s) {
  FUZZ_CHECK(!s.levels.empty());
  for (size_t i = 0; i < s.levels.size(); ++i) {
    const auto& l = s.levels[i];
    FUZZ_CHECK(l.rank == int(i) + 1);
    FUZZ_CHECK(!l.when.empty());
    for (int r : l.reduction) FUZZ_CHECK(r >= 0 && r <= 100);
    if (i) {
      for (int p = 0; p < kReductionPollutants; ++p)
        FUZZ_CHECK(l.reduction[size_t(p)] >= s.levels[i - 1].reduction[size_t(p)]);
    }
    for (const auto& c : l.when)
      for (const auto& cl : c.all) {
        FUZZ_CHECK(cl.days >= 1 && cl.days <= kMaxForecastDays);
        FUZZ_CHECK(cl.passes(kMaxAqi));  // some AQI passes it
      }
    FUZZ_CHECK(s.level(l.code) == &l);
  }
}

void check_decision(const WarningStandard& s, const std::vector<ForecastDay>& days) {
  WarningDecision d = decide(s, days);
  int best = 0;
  for (const auto& e : d.episodes) {
    FUZZ_CHECK(e.episode.days >= 1 && e.episode.first <= e.episode.last);
    FUZZ_CHECK(e.episode.peak > s.episode_above);
    if (!e.level) {
      FUZZ_CHECK(e.clauses.empty());
      continue;
    }
    best = std::max(best, e.level->rank);
    FUZZ_CHECK(e.group >= 0 && size_t(e.group) < e.level->when.size());
    FUZZ_CHECK(e.clauses.size() == e.level->when[size_t(e.group)].all.size());
    for (const auto& c : e.clauses) {
      FUZZ_CHECK(int(c.days.size()) >= c.clause.days);
      for (auto day : c.days) FUZZ_CHECK(day >= e.episode.first && day <= e.episode.last);
    }
  }
  FUZZ_CHECK(best == (d.level ? d.level->rank : 0));
  if (d.level) FUZZ_CHECK(d.episode && d.episodes[*d.episode].level == d.level);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t cut = input.find("#forecast");
  std::string_view text = input.substr(0, cut);
  // A short input with no standard of its own is decided on the shipped one.
  auto s = text.size() < 16 ? Result<WarningStandard>(warning_standard())
                            : parse_warning_standard(text, "fuzz.toml");
  if (!s.ok()) {
    FUZZ_CHECK(!s.error().message.empty());
    return 0;
  }
  check_standard(*s);
  std::vector<ForecastDay> days;
  if (cut != std::string_view::npos) {
    const Date start = *parse_date("2017-12-01");
    std::string_view f = input.substr(cut);
    for (size_t i = 9; i < f.size() && days.size() < 64; ++i)
      if (f[i]) days.push_back({start + std::chrono::days(i), int(uint8_t(f[i])) * 2});
  }
  check_decision(*s, days);
  return 0;
}
