// Hj212Intake (app/hj212_intake.h) with AqService::take_hj212 on both
// databases: frames handed in from several threads (connections) are taken
// in one write transaction and answered only after it committed; a batch
// whose transaction fails answers none of its hours and stores none; a frame
// refused by its own checks is refused alone; the frames of one station-hour
// in a batch combine; frames still queued when the intake goes are refused.
#include "app/hj212_intake.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/roles.h"
#include "support/test_database.h"

namespace lantian::app {
namespace {

// 2026-12-06T12:30:00+08:00 → the hour in progress ends at 13:00 Beijing time.
const TimePoint kNow = TimePoint(std::chrono::milliseconds(1'796'531'400'000LL));

Actor office() {
  Actor a;
  a.user_id = 1, a.username = "office", a.roles = {"campaign_office"};
  a.grant = grant_for(a.roles);
  return a;
}

// The test's database with a door on write(): a write can be held before it
// starts (to see that nothing is answered before the commit), and made to
// fail after its callback ran — a real rollback of what the callback wrote.
class GatedDatabase : public store::Database {
 public:
  explicit GatedDatabase(store::Database& inner) : inner_(inner) {}

  Status read(const std::function<Status(store::Tx&)>& fn) override { return inner_.read(fn); }
  Status write(const std::function<Status(store::Tx&)>& fn) override {
    bool fail;
    {
      std::unique_lock lock(m_);
      ++writes_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return open_; });
      fail = fail_;
    }
    return inner_.write([&](store::Tx& tx) -> Status {
      LT_TRY(fn(tx));
      if (fail) return Error::unavailable("injected: the disk is full");
      return {};
    });
  }
  std::string_view backend() const override { return inner_.backend(); }
  Status ping() override { return inner_.ping(); }
  Status exec_script(std::string_view sql) override { return inner_.exec_script(sql); }
  Status backup_to(const std::string& path) override { return inner_.backup_to(path); }
  store::DbStats stats() const override { return inner_.stats(); }

  void set_open(bool open) {
    std::lock_guard lock(m_);
    open_ = open;
    cv_.notify_all();
  }
  void set_fail(bool fail) {
    std::lock_guard lock(m_);
    fail_ = fail;
  }
  int writes() {
    std::lock_guard lock(m_);
    return writes_;
  }
  // Waits (up to 5 s) until `n` writes have come to the door.
  bool wait_writes(int n) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return writes_ >= n; });
  }

 private:
  store::Database& inner_;
  std::mutex m_;
  std::condition_variable cv_;
  bool open_ = true, fail_ = false;
  int writes_ = 0;
};

// A frame's data segment → its packet: station `mn`, the hour starting at
// `start` ("2026120611" = 11:00, the hour ending 12:00), CP items `cp`.
io::Hj212Packet packet(const std::string& mn, const std::string& start, const std::string& cp,
                       const std::string& pw = "123456", const std::string& cn = "2061") {
  auto p = io::parse_packet("QN=" + start + "0000001;ST=22;CN=" + cn + ";PW=" + pw + ";MN=" + mn +
                            ";Flag=5;CP=&&DataTime=" + start + "0000;" + cp + "&&");
  EXPECT_TRUE(p.ok()) << p.error().message;
  return std::move(p).value();
}
const std::string kPm25 = "a34004-Avg=57,a34004-Flag=N";

// The results a callback got, for the test thread to wait on.
struct Answers {
  std::mutex m;
  std::condition_variable cv;
  std::map<std::string, std::vector<Result<Hj212Outcome>>> by_name;

  Hj212Intake::Done to(const std::string& name) {
    return [this, name](std::vector<Result<Hj212Outcome>> r) {
      std::lock_guard lock(m);
      by_name[name] = std::move(r);
      cv.notify_all();
    };
  }
  size_t count() {
    std::lock_guard lock(m);
    return by_name.size();
  }
  bool wait(size_t n) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return by_name.size() >= n; });
  }
};

class Hj212IntakeTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    gated_ = std::make_unique<GatedDatabase>(*db_);
    svc_ = std::make_unique<AqService>(*gated_, clock_);
    for (const char* code : {"410205051", "410205052", "410205053"}) {
      StationInput in{code, std::string("微站") + code, "micro", std::nullopt, std::nullopt, std::nullopt,
                      true};
      in.hj212_password = "123456";
      auto s = svc_->register_station(office(), in);
      ASSERT_TRUE(s.ok()) << s.error().message;
      ids_[code] = s->id;
    }
  }
  // The station's stored hours and days (its hours of 2026-12-06).
  std::vector<HourView> hours(const std::string& code) {
    auto h = svc_->station_hours(office(), ids_[code], 0, svc_->current_hour());
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : std::vector<HourView>{};
  }
  int day_hours(const std::string& code) {
    const Date day =
        std::chrono::year_month_day(std::chrono::year(2026), std::chrono::month(12), std::chrono::day(6));
    auto d = svc_->station_days(office(), ids_[code], day, day);
    EXPECT_TRUE(d.ok());
    return d.ok() && !d->empty() ? d->front().hours : 0;
  }

  ManualClock clock_{kNow};
  std::unique_ptr<GatedDatabase> gated_;
  std::unique_ptr<AqService> svc_;
  std::map<std::string, int64_t> ids_;
};

TEST_P(Hj212IntakeTest, FramesOfSeveralConnectionsShareOneCommitAndAreAnsweredAfterIt) {
  Hj212IntakeOptions o;
  o.max_frames = 4;
  o.max_wait = std::chrono::seconds(30);  // the batch closes when it holds 4 frames
  Hj212Intake intake(*svc_, o);
  Answers answers;
  gated_->set_open(false);
  const int writes_before = gated_->writes();
  // Three connections at once: two good hours, a wrong password, an hour in
  // the future (13:00–14:00 has not ended) — the last two refused alone.
  std::vector<std::thread> conns;
  conns.emplace_back([&] { intake.submit({packet("410205051", "2026120611", kPm25)}, answers.to("a")); });
  conns.emplace_back([&] {
    intake.submit(
        {packet("410205052", "2026120611", kPm25), packet("410205053", "2026120611", kPm25, "654321")},
        answers.to("b"));
  });
  conns.emplace_back([&] { intake.submit({packet("410205053", "2026120613", kPm25)}, answers.to("c")); });
  for (auto& t : conns) t.join();
  ASSERT_TRUE(gated_->wait_writes(writes_before + 1)) << "the batch never reached the database";
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(answers.count(), 0u) << "answered before the commit";
  EXPECT_TRUE(hours("410205051").empty());
  gated_->set_open(true);
  ASSERT_TRUE(answers.wait(3));
  EXPECT_EQ(gated_->writes(), writes_before + 1) << "one write transaction for the four frames";
  EXPECT_EQ(intake.stats().batches.load(), 1u);
  EXPECT_EQ(intake.stats().packets.load(), 4u);

  std::lock_guard lock(answers.m);
  auto& a = answers.by_name["a"];
  ASSERT_EQ(a.size(), 1u);
  ASSERT_TRUE(a[0].ok());
  EXPECT_EQ(a[0]->result, Hj212Result::stored);
  ASSERT_TRUE(a[0]->reply.has_value());
  EXPECT_NE(a[0]->reply->find("CN=9014"), std::string::npos);
  auto& b = answers.by_name["b"];
  ASSERT_EQ(b.size(), 2u);
  ASSERT_TRUE(b[0].ok() && b[1].ok());
  EXPECT_EQ(b[0]->result, Hj212Result::stored);
  EXPECT_TRUE(b[0]->reply.has_value());
  EXPECT_EQ(b[1]->result, Hj212Result::bad_password);
  EXPECT_FALSE(b[1]->reply.has_value());
  auto& c = answers.by_name["c"];
  ASSERT_EQ(c.size(), 1u);
  ASSERT_TRUE(c[0].ok());
  EXPECT_EQ(c[0]->result, Hj212Result::refused);
  EXPECT_FALSE(c[0]->reply.has_value());

  for (const char* code : {"410205051", "410205052"}) {
    auto h = hours(code);
    ASSERT_EQ(h.size(), 1u) << code;
    EXPECT_EQ(format_hour(h[0].hour.hour), "2026-12-06T12:00:00");
    EXPECT_EQ(h[0].hour.milli[5], 57000);
    EXPECT_EQ(day_hours(code), 1) << "aq_days recomputed with the hours";
  }
  EXPECT_TRUE(hours("410205053").empty());
}

TEST_P(Hj212IntakeTest, AFailedBatchAnswersNoneOfItsHoursAndStoresNone) {
  Hj212IntakeOptions o;
  o.max_wait = std::chrono::milliseconds(1);
  Hj212Intake intake(*svc_, o);
  Answers answers;
  gated_->set_fail(true);
  // Two hours and a real-time frame (acknowledged, nothing to store).
  intake.submit({packet("410205051", "2026120611", kPm25), packet("410205052", "2026120611", kPm25),
                 packet("410205052", "2026120612", "a34004-Rtd=57", "123456", "2011")},
                answers.to("failed"));
  ASSERT_TRUE(answers.wait(1));
  {
    std::lock_guard lock(answers.m);
    auto& r = answers.by_name["failed"];
    ASSERT_EQ(r.size(), 3u);
    EXPECT_FALSE(r[0].ok());
    EXPECT_FALSE(r[1].ok());
    if (!r[0].ok()) {
      EXPECT_EQ(r[0].error().kind, ErrorKind::unavailable);
    }
    ASSERT_TRUE(r[2].ok());
    EXPECT_EQ(r[2]->result, Hj212Result::acknowledged);
  }
  EXPECT_TRUE(hours("410205051").empty());
  EXPECT_TRUE(hours("410205052").empty());
  EXPECT_EQ(day_hours("410205051"), 0);

  // The devices send again, the disk has room: stored.
  gated_->set_fail(false);
  intake.submit({packet("410205051", "2026120611", kPm25), packet("410205052", "2026120611", kPm25)},
                answers.to("again"));
  ASSERT_TRUE(answers.wait(2));
  std::lock_guard lock(answers.m);
  for (const auto& r : answers.by_name["again"]) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->result, Hj212Result::stored);
  }
  EXPECT_EQ(hours("410205051").size(), 1u);
  EXPECT_EQ(hours("410205052").size(), 1u);
}

TEST_P(Hj212IntakeTest, FramesOfOneStationHourInABatchCombineAndResendingChangesNothing) {
  Hj212IntakeOptions o;
  o.max_frames = 3;
  o.max_wait = std::chrono::seconds(30);
  Hj212Intake intake(*svc_, o);
  Answers answers;
  // A monitor sending its pollutants in separate frames, and one frame twice.
  intake.submit({packet("410205051", "2026120611", kPm25)}, answers.to("pm25"));
  intake.submit({packet("410205051", "2026120611", "a34002-Avg=80,a34002-Flag=M")}, answers.to("pm10"));
  intake.submit({packet("410205051", "2026120611", kPm25)}, answers.to("pm25 again"));
  ASSERT_TRUE(answers.wait(3));
  EXPECT_EQ(intake.stats().batches.load(), 1u);
  {
    std::lock_guard lock(answers.m);
    for (const auto& [name, r] : answers.by_name) {
      ASSERT_EQ(r.size(), 1u);
      ASSERT_TRUE(r[0].ok()) << name;
      EXPECT_EQ(r[0]->result, Hj212Result::stored) << name;
    }
  }
  auto h = hours("410205051");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].hour.milli[5], 57000);
  EXPECT_EQ(h[0].hour.milli[4], 80000);
  EXPECT_EQ(h[0].hour.flags[4], 'M');
}

TEST_P(Hj212IntakeTest, FramesStillQueuedWhenTheIntakeGoesAreRefused) {
  auto intake = std::make_unique<Hj212Intake>(*svc_, Hj212IntakeOptions{4, std::chrono::microseconds(0)});
  Answers answers;
  gated_->set_open(false);
  const int writes_before = gated_->writes();
  intake->submit({packet("410205051", "2026120611", kPm25)}, answers.to("taken"));
  ASSERT_TRUE(gated_->wait_writes(writes_before + 1));
  intake->submit({packet("410205052", "2026120611", kPm25)}, answers.to("queued"));
  std::thread going([&] { intake.reset(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  gated_->set_open(true);
  going.join();
  ASSERT_EQ(answers.count(), 2u);
  std::lock_guard lock(answers.m);
  ASSERT_TRUE(answers.by_name["taken"][0].ok());
  EXPECT_EQ(answers.by_name["taken"][0]->result, Hj212Result::stored);
  ASSERT_FALSE(answers.by_name["queued"][0].ok());
  EXPECT_EQ(answers.by_name["queued"][0].error().kind, ErrorKind::unavailable);
  EXPECT_EQ(hours("410205051").size(), 1u);
  EXPECT_TRUE(hours("410205052").empty());
}

// Lanes: batches of different stations taken beside each other, every frame
// stored and answered; a station's frames keep their order (a second value
// for an hour sent after the first one wins).
TEST_P(Hj212IntakeTest, LanesStoreEveryFrameAndKeepEachStationsOrder) {
  Hj212IntakeOptions o;
  o.lanes = 3;
  o.max_frames = 4;
  o.max_wait = std::chrono::milliseconds(1);
  Hj212Intake intake(*svc_, o);
  Answers answers;
  std::vector<std::thread> conns;
  const std::vector<std::string> codes = {"410205051", "410205052", "410205053"};
  for (const auto& code : codes)
    conns.emplace_back([&, code] {
      for (int h = 0; h < 10; ++h) {
        char start[16];
        std::snprintf(start, sizeof start, "20261206%02d", h);
        intake.submit({packet(code, start, kPm25)}, answers.to(code + start + "a"));
        intake.submit({packet(code, start, "a34004-Avg=60,a34004-Flag=N")}, answers.to(code + start + "b"));
      }
    });
  for (auto& t : conns) t.join();
  ASSERT_TRUE(answers.wait(60));
  {
    std::lock_guard lock(answers.m);
    for (const auto& [name, r] : answers.by_name) {
      ASSERT_EQ(r.size(), 1u) << name;
      ASSERT_TRUE(r[0].ok()) << name << ": " << r[0].error().message;
      EXPECT_EQ(r[0]->result, Hj212Result::stored) << name;
    }
  }
  for (const auto& code : codes) {
    auto hs = hours(code);
    ASSERT_EQ(hs.size(), 10u) << code;
    for (const auto& h : hs) EXPECT_EQ(h.hour.milli[5], 60'000) << code << " hour " << h.hour.hour;
    EXPECT_EQ(day_hours(code), 10) << code;
  }
  EXPECT_GE(intake.stats().batches.load(), 2u);
  EXPECT_EQ(intake.stats().packets.load(), 60u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Hj212IntakeTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::app
