// Workflow history rows (store/workflow_events_repo.h) on both databases:
// events appended one at a time and many at once read back alike, each under
// its own record, oldest first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/workflow_events_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

class WorkflowEventsTest : public test::BackendTest {};

workflow_events::Event event(int64_t record, int n) {
  workflow_events::Event e;
  e.workflow = "ledger_row";
  e.record_id = record;
  e.action = n == 0 ? "create" : "stop";
  e.from_state = n == 0 ? "" : "registered";
  e.to_state = n == 0 ? "registered" : "stopped";
  e.at = "2017-11-01T08:00:0" + std::to_string(n % 10) + ".000Z";
  e.note = "导入 " + std::to_string(n);
  if (n % 2) e.evidence = "[" + std::to_string(n) + "]";
  return e;
}

TEST_P(WorkflowEventsTest, ManyEventsAppendedTogetherReadBackAsOneByOne) {
  std::vector<workflow_events::Event> many;
  for (int n = 0; n < 21; ++n) many.push_back(event(1 + n % 2, n));  // 16 + 4 + 1
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_TRY(workflow_events::insert(tx, event(3, 0)));
                   return workflow_events::insert_many(tx, many);
                 })
                  .ok());
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   for (int64_t record : {1, 2}) {
                     LT_ASSIGN(auto got, workflow_events::for_record(tx, "ledger_row", record));
                     std::vector<workflow_events::Event> want;
                     for (const auto& e : many)
                       if (e.record_id == record) want.push_back(e);
                     EXPECT_EQ(got.size(), want.size());
                     for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
                       EXPECT_EQ(got[i].action, want[i].action);
                       EXPECT_EQ(got[i].from_state, want[i].from_state);
                       EXPECT_EQ(got[i].to_state, want[i].to_state);
                       EXPECT_EQ(got[i].at, want[i].at);
                       EXPECT_EQ(got[i].note, want[i].note);
                       EXPECT_EQ(got[i].evidence, want[i].evidence);
                       EXPECT_FALSE(got[i].actor_user_id.has_value());
                       if (i) {
                         EXPECT_GT(got[i].id, got[i - 1].id);
                       }
                     }
                   }
                   LT_ASSIGN(auto one, workflow_events::for_record(tx, "ledger_row", 3));
                   EXPECT_EQ(one.size(), 1u);
                   return {};
                 })
                  .ok());
  EXPECT_TRUE(db_->write([](Tx& tx) { return workflow_events::insert_many(tx, {}); }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowEventsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
