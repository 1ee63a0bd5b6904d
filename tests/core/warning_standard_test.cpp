// The heavy-pollution warning standard: the shipped 2017 unified standard
// parses; decide() gives each level at its thresholds (golden cases from
// ../shared/domain/campaign-2017.md §3); every kind of mistake in a file is
// named with its line and column.
#include "core/warning_standard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lantian {
namespace {

const WarningStandard& standard() { return warning_standard(); }

Date day(int n) { return *parse_date("2017-12-01") + std::chrono::days(n); }

// Consecutive days from 2017-12-01 with these AQIs.
std::vector<ForecastDay> run(std::vector<int> aqis) {
  std::vector<ForecastDay> out;
  for (size_t i = 0; i < aqis.size(); ++i) out.push_back({day(int(i)), aqis[i]});
  return out;
}

std::string level_of(std::vector<int> aqis) {
  auto d = decide(standard(), run(std::move(aqis)));
  return d.level ? d.level->code : "none";
}

TEST(WarningStandard, ShippedIsTheUnified2017Standard) {
  const auto& s = standard();
  EXPECT_EQ(s.name, "unified_2017");
  EXPECT_EQ(s.episode_above, 200);
  ASSERT_EQ(s.levels.size(), 4u);
  const char* codes[] = {"blue", "yellow", "orange", "red"};
  const char* responses[] = {"IV", "III", "II", "I"};
  const int cuts[] = {0, 10, 20, 30};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(s.levels[i].code, codes[i]);
    EXPECT_EQ(s.levels[i].rank, int(i) + 1);
    EXPECT_EQ(s.levels[i].response, responses[i]);
    for (int c : s.levels[i].reduction) EXPECT_EQ(c, cuts[i]) << codes[i];
  }
  EXPECT_EQ(s.level("red")->lead_hours, 24);
  EXPECT_EQ(s.level("yellow")->label.zh, "黄色预警");
  EXPECT_EQ(response_label("II").zh, "Ⅱ级响应");
  auto req = required_reductions(s);
  ASSERT_EQ(req.size(), 4u);
  EXPECT_EQ(req[2].level, "orange");
  EXPECT_EQ(req[2].percent[int(ReductionPollutant::vocs)], 20);
  EXPECT_EQ(reduction_pollutant_code(ReductionPollutant::nox), "nox");
}

TEST(WarningDecide, NoEpisodeAt200) {
  EXPECT_EQ(level_of({}), "none");
  EXPECT_EQ(level_of({200}), "none");
  EXPECT_EQ(level_of({150, 200, 200, 200, 180}), "none");
  EXPECT_TRUE(decide(standard(), run({200, 200})).episodes.empty());
}

TEST(WarningDecide, BlueFrom201ForOneDay) {
  EXPECT_EQ(level_of({201}), "blue");
  EXPECT_EQ(level_of({150, 201, 200}), "blue");
  // A day above 300 or at 499 alone is still one day of heavy pollution.
  EXPECT_EQ(level_of({499}), "blue");
}

TEST(WarningDecide, YellowForTwoDays) {
  EXPECT_EQ(level_of({201, 201}), "yellow");
  EXPECT_EQ(level_of({201, 200, 201}), "blue");  // a broken run: two one-day episodes
  // Three days above 200 without a day above 300: not orange.
  EXPECT_EQ(level_of({250, 300, 280}), "yellow");
  EXPECT_EQ(level_of({250, 300, 280, 290}), "yellow");
}

TEST(WarningDecide, OrangeForThreeDaysWithOneAbove300) {
  EXPECT_EQ(level_of({201, 301, 201}), "orange");
  EXPECT_EQ(level_of({201, 300, 201}), "yellow");
  EXPECT_EQ(level_of({301, 301}), "yellow");  // two days are not three
  EXPECT_EQ(level_of({301, 301, 201}), "orange");
  EXPECT_EQ(level_of({210, 220, 230, 310}), "orange");  // four days but one above 300
}

TEST(WarningDecide, RedForFourDaysWithTwoAbove300OrOneAt500) {
  EXPECT_EQ(level_of({201, 301, 301, 201}), "red");
  EXPECT_EQ(level_of({201, 301, 300, 201}), "orange");
  EXPECT_EQ(level_of({301, 301, 301}), "orange");  // three days
  EXPECT_EQ(level_of({500}), "red");
  EXPECT_EQ(level_of({499}), "blue");
  EXPECT_EQ(level_of({150, 499, 150}), "blue");
  EXPECT_EQ(level_of({150, 500, 150}), "red");
}

TEST(WarningDecide, BrokenRunsAreSeparateEpisodes) {
  // 2 + 2 days above 300 split by a 200 day: two yellow episodes, not red.
  auto d = decide(standard(), run({301, 301, 200, 301, 301}));
  ASSERT_EQ(d.episodes.size(), 2u);
  EXPECT_EQ(d.level->code, "yellow");
  EXPECT_EQ(d.episode, 0u);  // the earliest on a tie
  // A day missing from the forecast breaks the run too.
  std::vector<ForecastDay> gap = {{day(0), 301}, {day(1), 301}, {day(3), 301}, {day(4), 301}};
  EXPECT_EQ(decide(standard(), gap).level->code, "yellow");
  EXPECT_EQ(decide(standard(), gap).episodes.size(), 2u);
}

TEST(WarningDecide, TwoEpisodesTheHigherDecides) {
  auto d = decide(standard(), run({220, 100, 201, 310, 320, 205, 150}));
  ASSERT_EQ(d.episodes.size(), 2u);
  EXPECT_EQ(d.episodes[0].level->code, "blue");
  EXPECT_EQ(d.episodes[1].level->code, "red");
  EXPECT_EQ(d.level->code, "red");
  ASSERT_TRUE(d.episode);
  EXPECT_EQ(*d.episode, 1u);
  const auto& e = d.episodes[1];
  EXPECT_EQ(e.episode.first, day(2));
  EXPECT_EQ(e.episode.last, day(5));
  EXPECT_EQ(e.episode.days, 4);
  EXPECT_EQ(e.episode.peak, 320);
  // Why: the group {>200 × 4, >300 × 2} with the days that passed each clause.
  EXPECT_EQ(e.group, 0);
  ASSERT_EQ(e.clauses.size(), 2u);
  EXPECT_EQ(e.clauses[0].clause.threshold, 200);
  EXPECT_EQ(e.clauses[0].days.size(), 4u);
  EXPECT_EQ(e.clauses[1].clause.threshold, 300);
  EXPECT_EQ(e.clauses[1].days, (std::vector<Date>{day(3), day(4)}));
}

TEST(WarningDecide, RedByTheSecondGroupNamesIt) {
  auto d = decide(standard(), run({500, 150}));
  ASSERT_TRUE(d.level);
  EXPECT_EQ(d.episodes[0].group, 1);
  ASSERT_EQ(d.episodes[0].clauses.size(), 1u);
  EXPECT_TRUE(d.episodes[0].clauses[0].clause.inclusive);
  EXPECT_EQ(d.episodes[0].clauses[0].days, std::vector<Date>{day(0)});
}

TEST(WarningDecide, UnorderedAndRepeatedDays) {
  // Given in any order; a day given twice keeps its last AQI.
  std::vector<ForecastDay> f = {{day(2), 201}, {day(0), 201}, {day(1), 100}, {day(1), 301}};
  auto d = decide(standard(), f);
  EXPECT_EQ(d.level->code, "orange");
  EXPECT_EQ(d.episodes.size(), 1u);
}

// --- mistakes in a file ---

const char* kHead = R"(name = "local"
label = { zh-CN = "本地", en = "Local" }
[episode]
above = 200
)";

std::string level_toml(const std::string& code, int rank, const std::string& response, int cut,
                       const std::string& when, const std::string& extra = "") {
  return "[[levels]]\ncode = \"" + code + "\"\nlabel = { zh-CN = \"" + code + "\", en = \"" + code +
         "\" }\ncolor = \"#ff0000\"\nrank = " + std::to_string(rank) + "\nresponse = \"" + response +
         "\"\nreduction = { so2 = " + std::to_string(cut) + ", nox = " + std::to_string(cut) +
         ", pm = " + std::to_string(cut) + ", vocs = " + std::to_string(cut) +
         " }\ncap = { urgency = \"Expected\", severity = \"Minor\", certainty = \"Likely\" }\n" + extra +
         "[[levels.when]]\nall = [" + when + "]\n";
}

std::string parse_error(const std::string& text) {
  auto r = parse_warning_standard(text, "local.toml");
  return r.ok() ? "" : r.error().message;
}

TEST(WarningStandardFile, AValidLocalStandard) {
  auto r = parse_warning_standard(std::string(kHead) +
                                      level_toml("yellow", 1, "III", 10, "{ above = 200, days = 2 }") +
                                      level_toml("red", 2, "I", 30, "{ above = 300, days = 1 }"),
                                  "local.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->levels.size(), 2u);
  EXPECT_EQ(level_of({}), "none");
  EXPECT_EQ(decide(*r, run({301})).level->code, "red");
  EXPECT_EQ(decide(*r, run({201})).level, nullptr);
}

TEST(WarningStandardFile, EveryMistakeWithLineAndColumn) {
  const std::string ok = "{ above = 200, days = 1 }";
  struct Case {
    std::string text, expected;
  } cases[] = {
      {"colour = 1\n" + std::string(kHead) + level_toml("a", 1, "IV", 0, ok),
       "local.toml:1:10: unknown key \"colour\""},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, ok, "colr = \"#fff\"\n"),
       "local.toml:13:8: level \"a\": unknown key \"colr\""},
      {std::string(kHead) + "[[levels]]\ncode = \"Blue\"\n",
       "local.toml:6:8: level \"Blue\": code must be lower_snake_case"},
      {std::string(kHead) +
           level_toml("a", 1, "IV", 0, ok).replace(level_toml("a", 1, "IV", 0, ok).find("#ff0000"), 7, "red"),
       "local.toml:8:9: level \"a\": color \"red\" is not #rrggbb"},
      {std::string(kHead) + level_toml("a", 1, "IV", 101, ok),
       "level \"a\": reduction: \"so2\" must be 0..100, not 101"},
      {std::string(kHead) + level_toml("a", 2, "IV", 0, ok),
       "local.toml:9:8: level \"a\": rank 2 out of order"},
      {std::string(kHead) + level_toml("a", 1, "III", 10, ok) + level_toml("b", 2, "IV", 10, ok),
       "level \"b\": response IV is not above the lower level \"a\"'s (III)"},
      {std::string(kHead) + level_toml("a", 1, "IV", 20, ok) + level_toml("b", 2, "III", 10, ok),
       "level \"b\": reduction so2 = 10 is less than the lower level \"a\"'s (20)"},
      {std::string(kHead) + level_toml("a", 1, "V", 0, ok), "response \"V\" is not IV, III, II or I"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ above = 500, days = 1 }"),
       "local.toml:14:18: level \"a\": clause: \"above\" = 500: no forecast could meet it (AQI is 0..500)"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ at_least = 501, days = 1 }"),
       "\"at_least\" = 501: no forecast could meet it"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ above = 200, days = 16 }"),
       "\"days\" = 16: no forecast could meet it (a forecast has 1..15 days)"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ above = 200, days = 0 }"),
       "\"days\" = 0: no forecast"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ above = 150, days = 1 }"),
       "\"above\" = 150 is below the episode's threshold (200)"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ above = 300, at_least = 400, days = 1 }"),
       "a clause names one of \"above\" and \"at_least\""},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, "{ above = 300 }"),
       "level \"a\": clause: missing \"days\""},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, ""), "\"all\" must list at least one clause"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, ok) + level_toml("a", 2, "III", 0, ok),
       "level \"a\": duplicate code"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, ok)
                                .replace(level_toml("a", 1, "IV", 0, ok).find("\"Minor\""), 7, "\"Bad\""),
       "cap: severity \"Bad\" is not one of Extreme, Severe, Moderate, Minor, Unknown"},
      {std::string(kHead) + level_toml("a", 1, "IV", 0, ok, "lead_hours = 999\n"),
       "\"lead_hours\" must be 0..240, not 999"},
      {std::string(kHead) + "[[levels]]\ncode = \"a\"\n", "level \"a\": a level needs a condition"},
      {std::string(kHead), "a standard needs [[levels]]"},
      {"name = \"x\"\nlabel = { zh-CN = \"x\", en = \"x\" }\n" + level_toml("a", 1, "IV", 0, ok),
       "missing [episode]"},
      {std::string(kHead) + "[[levels]]\ncode = ", "local.toml:6:8:"},
  };
  for (const auto& c : cases) {
    std::string e = parse_error(c.text);
    EXPECT_NE(e.find(c.expected), std::string::npos)
        << "expected: " << c.expected << "\ngot: " << e << "\nfor:\n"
        << c.text;
  }
}

}  // namespace
}  // namespace lantian
