// `lantian aqi hourly|daily`: the binary on small canonical files (both
// editions by date and forced), a real fixture, and bad input (the line on
// stderr, a non-zero exit, nothing on stdout).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AqiCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lantian-aqi-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  Outcome run(const std::string& args) {
    const std::string cmd = std::string(LANTIAN_BIN) + " " + args + " >" + (dir_ / "out").string() + " 2>" +
                            (dir_ / "err").string();
    Outcome r;
    int rc = std::system(cmd.c_str());
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(dir_ / "out");
    r.err = slurp(dir_ / "err");
    return r;
  }

  fs::path dir_;
};

// Hour ending 2026-03-01 00:00 belongs to 2026-02-28 (HJ 633-2012): PM2.5 75
// is IAQI 100; an hour later 2026 applies and 75 is 114. The third hour
// lacks PM2.5, and 58 is not above 100: no AQI under 2026.
const char* kHours =
    "station,time,so2,no2,co,o3,pm10,pm25\n"
    "A,2026-03-01T00:00:00,10,20,0.5,30,60,75\n"
    "A,2026-03-01T01:00:00,10,20,0.5,30,60,75\n"
    "A,2026-03-01T02:00:00,10,20,0.5,30,60,\n";

TEST_F(AqiCli, HourlyByEditionOfTheDay) {
  auto in = write("h.csv", kHours);
  Outcome r = run("aqi hourly " + in.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "station,time,aqi,level,primary,iaqi_so2,iaqi_no2,iaqi_co,iaqi_o3,iaqi_pm10,iaqi_pm25\n"
            "A,2026-03-01T00:00:00,100,2,PM2.5,4,10,5,10,55,100\n"
            "A,2026-03-01T01:00:00,114,3,PM2.5,4,10,5,10,58,114\n"
            "A,2026-03-01T02:00:00,,,,4,10,5,10,58,\n");
  r = run("aqi hourly --edition 2012 " + in.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("A,2026-03-01T01:00:00,100,2,PM2.5,4,10,5,10,55,100\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("A,2026-03-01T02:00:00,55,2,PM10,4,10,5,10,55,\n"), std::string::npos) << r.out;
}

TEST_F(AqiCli, DailyOfBothEditions) {
  std::string csv = "station,time,so2,no2,co,o3,pm10,pm25\n";
  for (int h = 1; h <= 24; ++h) {
    std::string hh = (h < 10 ? "0" : "") + std::to_string(h);
    csv += "A,2026-03-01T" + hh + ":00:00,10,20,0.5,30,60,75\n";
  }
  auto in = write("d.csv", csv);
  const std::string head =
      "station,date,aqi,level,primary,so2,no2,co,o3_8h,o3_1h,pm10,pm25,"
      "iaqi_so2,iaqi_no2,iaqi_co,iaqi_o3_8h,iaqi_o3_1h,iaqi_pm10,iaqi_pm25\n";
  Outcome r = run("aqi daily " + in.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, head + "A,2026-03-01,114,3,PM2.5,10,20,0.5,30,,60,75,10,25,13,15,,58,114\n");
  r = run("aqi daily --edition 2012 " + in.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            head + "A,2026-03-01,100,2,PM2.5,10.0,20.0,0.50,30.0,30.0,60.0,75.0,10,25,13,15,10,55,100\n");
}

// 2012, SO2 above 800 in a file without SO2 24-hour means: the mean of the
// station's hours in the 24 hours ending then, with at least 20 of them.
TEST_F(AqiCli, Hourly2012So2Above800TakesThe24HourMean) {
  std::string csv = "station,time,so2,no2,co,o3,pm10,pm25\n";
  for (int h = 1; h <= 24; ++h) {
    std::string hh = (h < 10 ? "0" : "") + std::to_string(h);
    csv += "A,2025-01-01T" + hh + ":00:00," + (h == 24 ? "900" : "100") + ",,,,,\n";
  }
  auto in = write("s.csv", csv);
  Outcome r = run("aqi hourly " + in.string());
  EXPECT_EQ(r.status, 0) << r.err;
  // (23·100 + 900)/24 = 133.3 on the 24-hour row: 91.7 → 92.
  EXPECT_NE(r.out.find("A,2025-01-02T00:00:00,92,2,SO2,92,,,,,\n"), std::string::npos) << r.out;
  // 2026 instead: 200.
  r = run("aqi hourly --edition 2026 " + in.string());
  EXPECT_NE(r.out.find("A,2025-01-02T00:00:00,200,4,SO2,200,,,,,\n"), std::string::npos) << r.out;
  // 19 hours before it are not enough: no SO2 IAQI, and nothing else.
  in = write("s19.csv", "station,time,so2,no2,co,o3,pm10,pm25\n" + csv.substr(csv.find("A,2025-01-01T06")));
  r = run("aqi hourly " + in.string());
  EXPECT_NE(r.out.find("A,2025-01-02T00:00:00,,,,,,,,,\n"), std::string::npos) << r.out;
}

TEST_F(AqiCli, RealCnemcFile) {
  Outcome r =
      run("aqi hourly " + std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/aq/cnemc_edge_cases.csv");
  EXPECT_EQ(r.status, 0) << r.err;
  // 3034A at 08:00: PM10 1028 and PM2.5 785, both over range: 500, both primary.
  EXPECT_NE(r.out.find("3034A,2023-01-22T08:00:00,500,6,PM10;PM2.5,13,20,11,7,500,500\n"), std::string::npos);
  r = run("aqi daily " + std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/aq/cnemc_kaifeng_hourly.csv");
  EXPECT_EQ(r.status, 0) << r.err;
  // 1316A's 2023-01-22: the means CNEMC published at 24:00 (190, 256, 28,
  // 29, 1.3; O3 8-hour 94), here with 2012's extra decimal.
  EXPECT_NE(r.out.find("1316A,2023-01-22,241,5,PM2.5,28.0,29.1,1.25,93.9,105.0,256.2,190.1,"),
            std::string::npos)
      << r.out;
  // The partial day before (one hour) has no daily AQI.
  EXPECT_NE(r.out.find("1316A,2023-01-21,,,,,,,,32.0,,,,,,,10,,\n"), std::string::npos) << r.out;
}

TEST_F(AqiCli, BadInputNamesTheLineAndFails) {
  auto in = write("bad.csv", std::string(kHours) + "A,2026-03-01T03:00:00,10,20,0.5,-3,60,75\n");
  Outcome r = run("aqi hourly " + in.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "lantian: " + in.string() + ": line 5: column o3: \"-3\" is not a concentration: negative\n");
  r = run("aqi daily " + in.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("line 5"), std::string::npos);
  in = write("dup.csv", std::string(kHours) + "A,2026-03-01T01:00:00,1,1,0.1,1,1,1\n");
  r = run("aqi hourly " + in.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("line 5: station A at 2026-03-01T01:00:00 again (first on line 3)"), std::string::npos)
      << r.err;
}

TEST_F(AqiCli, UsageErrors) {
  auto in = write("h.csv", kHours);
  Outcome r = run("aqi hourly --edition 2020 " + in.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--edition is auto, 2012 or 2026"), std::string::npos);
  r = run("aqi weekly " + in.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("usage: lantian aqi"), std::string::npos);
  r = run("aqi hourly " + (dir_ / "missing.csv").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot open"), std::string::npos);
  r = run("aqi hourly --frobnicate " + in.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("unknown option --frobnicate"), std::string::npos);
}

}  // namespace
