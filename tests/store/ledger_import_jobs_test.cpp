// Background ledger imports' bookkeeping on both databases
// (store/ledger_import_jobs_repo.h): a job's progress and end as any
// instance reads them, heartbeats that keep queued and running jobs alive,
// the stale ones found by their last sign of life, and the undo log written
// in batches, read back in row order and emptied.
#include <gtest/gtest.h>

#include "store/ledger_import_jobs_repo.h"
#include "store/users_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

namespace jobs = ledger_import_jobs;

class LedgerImportJobsTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    d_ = add_district("南郊村");
    User u;
    u.username = "importer", u.name = "导入人", u.unit_id = d_.district.id;
    u.roles = {"campaign_office"};
    u.password_hash = "x";
    write([&](Tx& tx) -> Status {
      LT_ASSIGN(u, users::insert(tx, u, "2017-11-01T00:00:00.000Z"));
      return {};
    });
    user_ = u.id;
  }
  void write(const std::function<Status(Tx&)>& f) {
    Status st = db_->write(f);
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  jobs::Job job(const std::string& id) {
    std::optional<jobs::Job> out;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, jobs::get(tx, id));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out.value_or(jobs::Job{});
  }
  std::vector<std::string> stale(const std::string& cutoff) {
    std::vector<std::string> out;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, jobs::stale(tx, cutoff));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  void add(const std::string& id, const std::string& at) {
    write([&](Tx& tx) {
      return jobs::insert(tx, {.id = id,
                               .user_id = user_,
                               .ledger_type = "coal_boilers",
                               .state = "queued",
                               .total = 5000,
                               .heartbeat_at = at,
                               .created_at = at});
    });
  }
  District d_;
  int64_t user_ = 0;
};

TEST_P(LedgerImportJobsTest, ProgressAndTheEndAreReadBack) {
  add("a1", "2017-11-01T08:00:00.000Z");
  EXPECT_EQ(job("a1").state, "queued");
  write([](Tx& tx) { return jobs::progress(tx, "a1", 2000, "2017-11-01T08:00:05.000Z"); });
  auto j = job("a1");
  EXPECT_EQ(j.state, "running");
  EXPECT_EQ(j.processed, 2000);
  EXPECT_EQ(j.total, 5000);
  EXPECT_EQ(j.heartbeat_at, "2017-11-01T08:00:05.000Z");
  EXPECT_FALSE(j.report);
  write([](Tx& tx) {
    return jobs::finish(tx, "a1", "done", std::string(R"({"rows":5000})"), std::nullopt,
                        "2017-11-01T08:00:09.000Z");
  });
  j = job("a1");
  EXPECT_EQ(j.state, "done");
  EXPECT_EQ(j.report.value_or(""), R"({"rows":5000})");
  EXPECT_EQ(j.finished_at.value_or(""), "2017-11-01T08:00:09.000Z");
  EXPECT_TRUE(job("nope").id.empty());
}

TEST_P(LedgerImportJobsTest, StaleJobsAreTheLiveOnesWithAnOldHeartbeat) {
  add("old", "2017-11-01T08:00:00.000Z");
  add("kept", "2017-11-01T08:00:00.000Z");
  add("ended", "2017-11-01T08:00:00.000Z");
  write([](Tx& tx) {
    return jobs::finish(tx, "ended", "failed", std::nullopt, "{}", "2017-11-01T08:00:00.000Z");
  });
  // The worker's beat keeps its jobs alive; a finished job is not beaten back to life.
  write([](Tx& tx) { return jobs::beat(tx, {"kept", "ended"}, "2017-11-01T08:10:00.000Z"); });
  EXPECT_EQ(job("ended").heartbeat_at, "2017-11-01T08:00:00.000Z");
  EXPECT_EQ(stale("2017-11-01T08:05:00.000Z"), std::vector<std::string>{"old"});
  EXPECT_EQ(stale("2017-11-01T08:20:00.000Z"), (std::vector<std::string>{"old", "kept"}));
}

TEST_P(LedgerImportJobsTest, TheUndoLogIsWrittenInBatchesAndEmptied) {
  add("u1", "2017-11-01T08:00:00.000Z");
  add("u2", "2017-11-01T08:00:00.000Z");
  std::vector<jobs::UndoEntry> entries;
  for (int64_t i = 1000; i > 0; --i)
    entries.push_back(
        {i, i % 2 ? std::optional<std::string>(R"({"id":)" + std::to_string(i) + "}") : std::nullopt});
  write([&](Tx& tx) { return jobs::add_undo(tx, "u1", entries); });
  write([](Tx& tx) { return jobs::add_undo(tx, "u2", {{7, std::nullopt}}); });
  std::vector<jobs::UndoEntry> log;
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(log, jobs::undo_log(tx, "u1"));
    return {};
  });
  ASSERT_EQ(log.size(), 1000u);
  EXPECT_EQ(log.front().row_id, 1);
  EXPECT_EQ(log.front().before.value_or(""), R"({"id":1})");
  EXPECT_FALSE(log[1].before);
  write([](Tx& tx) { return jobs::clear_undo(tx, "u1"); });
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(log, jobs::undo_log(tx, "u1"));
    EXPECT_TRUE(log.empty());
    LT_ASSIGN(log, jobs::undo_log(tx, "u2"));
    EXPECT_EQ(log.size(), 1u);
    return {};
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerImportJobsTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace lantian::store
