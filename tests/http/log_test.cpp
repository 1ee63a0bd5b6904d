#include "obs/log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <regex>
#include <thread>
#include <vector>

namespace lantian::obs {
namespace {

std::vector<std::string> lines_of(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::vector<std::string> out;
  std::string cur;
  int c;
  while ((c = std::fgetc(f)) != EOF) {
    if (c == '\n') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(c));
    }
  }
  EXPECT_TRUE(cur.empty()) << "last line not terminated";
  return out;
}

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(Logger, WritesOneJsonObjectPerLine) {
  std::FILE* f = std::tmpfile();
  Logger log(f, LogLevel::debug);
  std::string owned = "dynamic";
  log.info("request", {{"request_id", "abc"},
                       {"status", 200},
                       {"duration_ms", 1.25},
                       {"ok", true},
                       {"owned", owned},
                       {"big", 1234567890123LL},
                       {"size", std::size_t{42}}});
  log.warn("second");
  auto lines = lines_of(f);
  ASSERT_EQ(lines.size(), 2u);
  auto v = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(v["level"], "info");
  EXPECT_EQ(v["msg"], "request");
  EXPECT_EQ(v["request_id"], "abc");
  EXPECT_EQ(v["status"], 200);
  EXPECT_EQ(v["duration_ms"], 1.25);
  EXPECT_EQ(v["ok"], true);
  EXPECT_EQ(v["owned"], "dynamic");
  EXPECT_EQ(v["big"], 1234567890123LL);
  EXPECT_EQ(v["size"], 42);
  std::string time(v["time"].as_string());
  EXPECT_TRUE(std::regex_match(time, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"))) << time;
  // Field order is stable: time, level, msg first.
  EXPECT_EQ(lines[0].rfind("{\"time\":\"", 0), 0u);
  EXPECT_NE(lines[0].find("\",\"level\":\"info\",\"msg\":\"request\","), std::string::npos);
  EXPECT_EQ(boost::json::parse(lines[1]).as_object()["level"], "warn");
  std::fclose(f);
}

TEST(Logger, FiltersByLevel) {
  std::FILE* f = std::tmpfile();
  Logger log(f, LogLevel::warn);
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  EXPECT_EQ(lines_of(f).size(), 2u);
  log.set_level(LogLevel::off);
  log.error("nothing");
  EXPECT_EQ(lines_of(f).size(), 2u);
  EXPECT_FALSE(log.enabled(LogLevel::error));
  std::fclose(f);
}

TEST(Logger, NonFiniteNumbersBecomeNull) {
  std::FILE* f = std::tmpfile();
  Logger log(f);
  log.info("x", {{"nan", std::nan("")}, {"inf", std::numeric_limits<double>::infinity()}});
  log.flush();
  auto v = boost::json::parse(lines_of(f).at(0)).as_object();
  EXPECT_TRUE(v["nan"].is_null());
  EXPECT_TRUE(v["inf"].is_null());
  std::fclose(f);
}

TEST(Logger, LinesFromManyThreadsStayWhole) {
  std::FILE* f = std::tmpfile();
  Logger log(f);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&log, t] {
      std::string payload(300, static_cast<char>('a' + t));
      for (int i = 0; i < 500; ++i) log.info("line", {{"t", t}, {"i", i}, {"payload", payload}});
    });
  for (auto& th : threads) th.join();
  log.flush();
  auto lines = lines_of(f);
  ASSERT_EQ(lines.size(), 2000u);
  for (const auto& l : lines) {
    auto v = boost::json::parse(l).as_object();
    EXPECT_EQ(v["payload"].as_string().size(), 300u);
  }
  std::fclose(f);
}

TEST(Logger, InfoLinesAreBatchedButWrittenWithinAMoment) {
  std::FILE* f = std::tmpfile();
  Logger log(f);
  log.info("queued");
  // The background flusher writes at least every 50 ms.
  std::vector<std::string> lines;
  for (int i = 0; i < 100 && lines.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    lines = lines_of(f);
  }
  ASSERT_EQ(lines.size(), 1u);
  std::fclose(f);
}

TEST(Logger, AWarningWritesAtOnceAfterWhatWasQueued) {
  std::FILE* f = std::tmpfile();
  Logger log(f);
  log.info("first");
  log.info("second");
  log.error("third");
  auto lines = lines_of(f);  // no flush(): the error wrote everything
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(boost::json::parse(lines[0]).as_object()["msg"], "first");
  EXPECT_EQ(boost::json::parse(lines[2]).as_object()["msg"], "third");
  std::fclose(f);
}

TEST(Logger, DestructorWritesWhatIsQueued) {
  std::FILE* f = std::tmpfile();
  {
    Logger log(f);
    log.info("last words");
  }
  EXPECT_EQ(lines_of(f).size(), 1u);
  std::fclose(f);
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json("plain"), "\"plain\"");
  EXPECT_EQ(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"");
  EXPECT_EQ(json(std::string_view("\x01\x1f\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(json("\x7f"), "\"\\u007f\"");
  EXPECT_EQ(json(""), "\"\"");
}

TEST(JsonString, KeepsValidUtf8) {
  EXPECT_EQ(json("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(JsonString, ReplacesInvalidUtf8) {
  EXPECT_EQ(json("a\xFF"
                 "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(json("\xC3"), "\"\\ufffd\"");                                   // truncated sequence
  EXPECT_EQ(json("\xC0\xAF"), "\"\\ufffd\\ufffd\"");                        // overlong '/'
  EXPECT_EQ(json("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // UTF-16 surrogate
  EXPECT_EQ(json("\xF4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // above U+10FFFF
  EXPECT_EQ(json("\x80ok"), "\"\\ufffdok\"");                               // lone continuation
  // Whatever comes in, the output parses as JSON.
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_NO_THROW(boost::json::parse(json(all)));
}

TEST(LogLevel, Parses) {
  LogLevel l = LogLevel::info;
  EXPECT_TRUE(parse_log_level("debug", &l));
  EXPECT_EQ(l, LogLevel::debug);
  EXPECT_TRUE(parse_log_level("WARN", &l));
  EXPECT_EQ(l, LogLevel::warn);
  EXPECT_TRUE(parse_log_level("error", &l));
  EXPECT_EQ(l, LogLevel::error);
  EXPECT_TRUE(parse_log_level("off", &l));
  EXPECT_EQ(l, LogLevel::off);
  EXPECT_TRUE(parse_log_level("info", &l));
  EXPECT_EQ(l, LogLevel::info);
  EXPECT_FALSE(parse_log_level("verbose", &l));
  EXPECT_FALSE(parse_log_level("", &l));
  EXPECT_EQ(l, LogLevel::info);
}

}  // namespace
}  // namespace lantian::obs
