// Task and user lists after issue 10 (migration 0010): the page is found
// through the scope rows (task_scopes) or an index walk, the total comes from
// the count cache, and keyset paging follows next_cursor. Every case is
// checked against the plain definition of the list, computed here by a
// straightforward query: visible = owner, lead or a cooperating unit in the
// reader's subtree; order = sort key, then id.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "core/crypto.h"
#include "store/list_cache.h"
#include "store/tasks_repo.h"
#include "store/units_repo.h"
#include "store/users_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2026-11-30T00:00:00.000Z";
constexpr const char* kToday = "2026-11-30";

class TaskListTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(crypto_init());
    // root ─ A ─ A1, A2 ; root ─ B ─ B1 ; root ─ C (id 5x siblings share prefixes)
    root_ = add_unit("区政府", std::nullopt);
    a_ = add_unit("甲乡", root_.id);
    b_ = add_unit("乙乡", root_.id);
    c_ = add_unit("丙乡", root_.id);
    a1_ = add_unit("甲一村", a_.id);
    a2_ = add_unit("甲二村", a_.id);
    b1_ = add_unit("乙一村", b_.id);
    exec(
        "INSERT INTO campaigns (name, start_date, end_date, jurisdiction_unit_id, office_unit_id, status, "
        "created_at, updated_at) VALUES ('攻坚', '2026-09-01', '2027-03-01', $2, $2, 'active', $1, $1)",
        {root_.id});
    ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(auto r, tx.query_one("SELECT id FROM campaigns", {}));
                     campaign_ = r->i64(0);
                     return {};
                   })
                    .ok());
    // 90 tasks: owners and leads spread over the units, a few cooperating
    // units, deadlines in 9 days (many ties), statuses mixed.
    const Unit* units[] = {&a1_, &a2_, &b1_, &c_, &a_, &b_};
    const char* statuses[] = {"not_started", "in_progress", "completed", "accepted", "returned"};
    for (int i = 0; i < 90; ++i) {
      Task t;
      t.campaign_id = campaign_;
      t.title = "任务" + std::to_string((i * 37) % 90);
      t.code = std::to_string(i);
      const Unit& owner = *units[i % 6];
      const Unit& lead = *units[(i / 6) % 6];
      t.owner_unit_id = owner.id, t.owner_unit_path = owner.path;
      t.lead_unit_id = lead.id, t.lead_unit_path = lead.path;
      t.start_date = "2026-09-01";
      t.deadline = "2026-11-" + std::to_string(21 + i % 9);
      if (i % 7 == 0) t.cooperating_units.push_back({i % 2 ? a2_.id : b1_.id, ""});
      Task saved = insert(t);
      set_status(saved.id, statuses[(i * 3) % 5], i % 4 * 0.25);
    }
  }

  // A task of the campaign owned and led by `unit` (not yet inserted).
  Task new_task(const Unit& unit, const std::string& title, const std::string& deadline) const {
    Task t;
    t.campaign_id = campaign_;
    t.title = title;
    t.owner_unit_id = unit.id, t.owner_unit_path = unit.path;
    t.lead_unit_id = unit.id, t.lead_unit_path = unit.path;
    t.start_date = "2026-09-01";
    t.deadline = deadline;
    return t;
  }
  User add_user(const std::string& username, const std::string& name, int64_t unit_id) {
    User u;
    u.username = username, u.name = name, u.unit_id = unit_id;
    u.roles = {"unit_staff"};
    u.password_hash = "x";
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(u, users::insert(tx, u, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return u;
  }
  Task insert(const Task& t) {
    Task out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(out, tasks::insert(tx, t, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  void set_status(int64_t id, const std::string& status, double progress) {
    exec("UPDATE tasks SET status = $2, progress = $3, updated_at = $1 WHERE id = $4",
         {status, progress, id});
  }

  // The plain definition: ids of the tasks matching `where` (on tasks t)
  // visible under scope ("" = all), ordered by `order`.
  std::vector<int64_t> expected(const std::string& scope, const std::string& where, const std::string& order,
                                std::vector<Value> params = {}) {
    std::string sql = "SELECT t.id FROM tasks t WHERE 1 = 1";
    if (!scope.empty()) {
      std::string hi = scope.substr(0, scope.size() - 1) + "0";
      sql += " AND (t.owner_unit_path >= '" + scope + "' AND t.owner_unit_path < '" + hi +
             "' OR t.lead_unit_path >= '" + scope + "' AND t.lead_unit_path < '" + hi +
             "' OR EXISTS (SELECT 1 FROM task_cooperating_units c JOIN units u ON u.id = c.unit_id WHERE "
             "c.task_id = t.id AND u.path >= '" +
             scope + "' AND u.path < '" + hi + "'))";
    }
    if (!where.empty()) sql += " AND " + where;
    sql += " ORDER BY " + order;
    std::vector<int64_t> out;
    EXPECT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(auto rows, tx.query(sql, params));
                     for (auto& r : rows.rows) out.push_back(r.i64(0));
                     return {};
                   })
                    .ok())
        << sql;
    return out;
  }

  PageOf<Task> list(const tasks::Filter& f, const Page& p) {
    PageOf<Task> out;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, tasks::list(tx, f, p));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  // Every page by number, then every page by cursor: both must give exactly
  // `want` in order, with the total of the plain definition.
  void check_paging(tasks::Filter f, Page p, const std::vector<int64_t>& want, const std::string& what) {
    SCOPED_TRACE(what);
    std::vector<int64_t> by_number, by_cursor;
    for (p.page = 1;; ++p.page) {
      auto page = list(f, p);
      EXPECT_EQ(page.total, int64_t(want.size()));
      for (auto& t : page.items) by_number.push_back(t.id);
      if (int64_t(page.items.size()) < p.per_page || p.page > 100) break;
    }
    EXPECT_EQ(by_number, want);
    p.page = 1;
    p.after.clear();
    for (int guard = 0; guard < 100; ++guard) {
      auto page = list(f, p);
      for (auto& t : page.items) by_cursor.push_back(t.id);
      if (page.next_cursor.empty()) break;
      p.after = page.next_cursor;
    }
    EXPECT_EQ(by_cursor, want);
  }

  Unit root_, a_, b_, c_, a1_, a2_, b1_;
  int64_t campaign_ = 0;
};

TEST_P(TaskListTest, PagesAndTotalsEqualThePlainDefinitionInEveryScope) {
  ASSERT_GT(expected("", "", "t.id").size(), 80u);
  for (const Unit* scope : {&root_, &a_, &b_, &c_, &a1_, &a2_, &b1_}) {
    tasks::Filter f;
    f.scope_path = scope->path;
    Page p;
    p.per_page = 7;
    auto want = expected(scope->path, "", "t.deadline, t.id");
    ASSERT_FALSE(want.empty()) << scope->name;
    check_paging(f, p, want, "scope " + scope->name);
    // The same scope with filters that keep the scope rows as the driver
    // (status, overdue, text) and with ones that take an index (owner, parent).
    tasks::Filter open = f;
    open.statuses = {"not_started", "in_progress", "returned"};
    check_paging(
        open, p,
        expected(scope->path, "t.status IN ('not_started', 'in_progress', 'returned')", "t.deadline, t.id"),
        "open in " + scope->name);
    tasks::Filter overdue = f;
    overdue.overdue = true;
    overdue.today = kToday;
    check_paging(
        overdue, p,
        expected(scope->path,
                 "t.status IN ('not_started', 'in_progress', 'returned') AND t.deadline < '2026-11-30'",
                 "t.deadline, t.id"),
        "overdue in " + scope->name);
    tasks::Filter owned = f;
    owned.owner_unit_id = a1_.id;
    check_paging(owned, p, expected(scope->path, "t.owner_unit_id = $1", "t.deadline, t.id", {a1_.id}),
                 "owned by a1 in " + scope->name);
    tasks::Filter text = f;
    text.q = "任务1";
    check_paging(text, p, expected(scope->path, "t.title LIKE '%任务1%'", "t.deadline, t.id"),
                 "q in " + scope->name);
  }
  // No scope (district-wide roles): the overdue list walks the deadline index.
  tasks::Filter overdue;
  overdue.overdue = true;
  overdue.today = kToday;
  Page p;
  p.per_page = 4;
  check_paging(
      overdue, p,
      expected("", "t.status IN ('not_started', 'in_progress', 'returned') AND t.deadline < '2026-11-30'",
               "t.deadline, t.id"),
      "overdue, everything");
}

TEST_P(TaskListTest, EverySortPagesByNumberAndByCursorAlike) {
  struct Case {
    const char* sort;
    bool desc;
    const char* order;
  } cases[] = {
      {"deadline", true, "t.deadline DESC, t.id"},
      {"title", false, "t.title, t.id"},
      {"title", true, "t.title DESC, t.id"},
      {"status", false, "t.status, t.id"},
      {"progress", true, "t.progress DESC, t.id"},
      {"progress", false, "t.progress, t.id"},
      {"id", true, "t.id DESC"},
      {"path", false, "t.path, t.id"},
      {"updated_at", false, "t.updated_at, t.id"},
  };
  for (const Unit* scope : {&root_, &a_}) {
    for (const auto& c : cases) {
      tasks::Filter f;
      f.scope_path = scope == &root_ ? "" : scope->path;
      Page p;
      p.per_page = 9;
      p.sort = c.sort;
      p.desc = c.desc;
      check_paging(f, p, expected(f.scope_path, "", c.order),
                   std::string(c.sort) + (c.desc ? " desc" : "") + " in " + scope->name);
    }
  }
}

TEST_P(TaskListTest, ACursorOfAnotherSortOrGarbageIsRefused) {
  tasks::Filter f;
  Page p;
  p.per_page = 5;
  auto first = list(f, p);
  ASSERT_FALSE(first.next_cursor.empty());
  for (std::string bad : {first.next_cursor + "0", std::string("zz"), std::string("00"), std::string()}) {
    if (bad.empty()) continue;
    Page q = p;
    q.after = bad;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_TRY(tasks::list(tx, f, q));
      return {};
    });
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, "query_unknown_value");
  }
  Page other = p;
  other.sort = "title";
  other.after = first.next_cursor;
  Status st = db_->read([&](Tx& tx) -> Status {
    LT_TRY(tasks::list(tx, f, other));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "query_unknown_value");
}

TEST_P(TaskListTest, CachedTotalsFollowEveryChangeTheyCanSee) {
  tasks::Filter in_b;
  in_b.scope_path = b_.path;
  tasks::Filter overdue = in_b;
  overdue.overdue = true;
  overdue.today = kToday;
  Page p;
  auto total = [&](const tasks::Filter& f) { return list(f, p).total; };
  auto want = [&](const tasks::Filter& f, const std::string& where) {
    return int64_t(expected(f.scope_path, where, "t.id").size());
  };
  const std::string overdue_sql =
      "t.status IN ('not_started', 'in_progress', 'returned') AND t.deadline < '2026-11-30'";
  ASSERT_EQ(total(in_b), want(in_b, ""));
  ASSERT_EQ(total(in_b), total(in_b));  // now from the cache
  const int64_t before = total(in_b), overdue_before = total(overdue);
  EXPECT_EQ(overdue_before, want(in_b, overdue_sql));

  // A new task in B's subtree.
  Task added = insert(new_task(b1_, "新任务", "2026-11-01"));
  EXPECT_EQ(total(in_b), before + 1);
  EXPECT_EQ(total(overdue), overdue_before + 1);  // not started, deadline past

  // Its status (a plain UPDATE, as a job or another instance would do it).
  set_status(added.id, "completed", 1);
  EXPECT_EQ(total(overdue), overdue_before);
  EXPECT_EQ(total(overdue), want(overdue, overdue_sql));

  // A cooperating unit in C: C's readers see it from now on.
  tasks::Filter in_c;
  in_c.scope_path = c_.path;
  const int64_t c_before = total(in_c);
  added.cooperating_units = {{c_.id, ""}};
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(auto r, tx.query_one("SELECT version FROM tasks WHERE id = $1", {added.id}));
                   added.version = r->i64(0);
                   return {};
                 })
                  .ok());
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(bool ok, tasks::update(tx, added, kNow));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(total(in_c), c_before + 1);
  EXPECT_EQ(total(in_c), want(in_c, ""));
  auto items = list(in_c, Page{.per_page = 200}).items;
  EXPECT_TRUE(std::any_of(items.begin(), items.end(), [&](const Task& x) { return x.id == added.id; }));

  // Moving village B1 under A: its tasks leave B's lists and join A's.
  tasks::Filter in_a;
  in_a.scope_path = a_.path;
  b1_.parent_id = a_.id;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(auto u, units::get(tx, b1_.id));
                   u->parent_id = a_.id;
                   LT_ASSIGN(bool ok, units::update(tx, *u, kNow));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  for (const auto* f : {&in_a, &in_b, &in_c}) {
    Page all;
    all.per_page = 200;
    auto want_ids = expected(f->scope_path, "", "t.deadline, t.id");
    auto page = list(*f, all);
    std::vector<int64_t> got;
    for (auto& x : page.items) got.push_back(x.id);
    EXPECT_EQ(page.total, int64_t(want_ids.size())) << f->scope_path;
    EXPECT_EQ(got, want_ids) << f->scope_path;
  }
  auto stats = list_cache_stats();
  EXPECT_GT(stats.hits, 0u);
}

// Cached pages (migration 0012, "task_rows"): a page read again unchanged
// comes from the cache, and every change to what a page shows, made by plain
// SQL as a job or another instance would, is on the next page read — a task
// column no count can see, its unit's or area's name, a report, a child's
// status (the parent's open children), a co-operating unit.
TEST_P(TaskListTest, CachedPagesShowEveryChangeToWhatTheyShow) {
  tasks::Filter in_b;
  in_b.scope_path = b_.path;
  Page p;
  p.per_page = 200;
  auto page = [&] { return list(in_b, p).items; };
  // A copy of the task on a page (a default Task, and a failure, if absent).
  auto on = [](const std::vector<Task>& items, int64_t id) {
    for (const auto& t : items)
      if (t.id == id) return t;
    ADD_FAILURE() << "task " << id << " is not on the page";
    return Task{};
  };
  auto contains = [](const std::vector<Task>& items, int64_t id) {
    return std::any_of(items.begin(), items.end(), [&](const Task& t) { return t.id == id; });
  };
  auto first = page();
  ASSERT_FALSE(first.empty());
  const int64_t id = first.front().id;
  const uint64_t hits = list_cache_stats().hits;
  auto again = page();
  EXPECT_GT(list_cache_stats().hits, hits);  // served from the cache
  ASSERT_EQ(again.size(), first.size());
  EXPECT_EQ(again.front().title, first.front().title);

  exec("UPDATE tasks SET status_note = '已约谈', updated_at = $1 WHERE id = $2", {id});
  EXPECT_EQ(on(page(), id).status_note, "已约谈");

  const int64_t owner = on(page(), id).owner_unit_id;
  exec("UPDATE units SET name = '改名乡', updated_at = $1 WHERE id = $2", {owner});
  EXPECT_EQ(on(page(), id).owner_unit_name, "改名乡");

  exec(
      "INSERT INTO work_areas (campaign_id, code, name, sort_order, created_at, updated_at) "
      "VALUES ($2, 'a1', '散乱污', 1, $1, $1)",
      {campaign_});
  exec("UPDATE tasks SET work_area_id = (SELECT MAX(id) FROM work_areas), updated_at = $1 WHERE id = $2",
       {id});
  EXPECT_EQ(on(page(), id).work_area_name, "散乱污");
  exec("UPDATE work_areas SET name = '锅炉', updated_at = $1", {});
  EXPECT_EQ(on(page(), id).work_area_name, "锅炉");

  EXPECT_FALSE(on(page(), id).has_reports);
  User u = add_user("reporter", "报告人", b_.id);
  exec(
      "INSERT INTO progress_reports (task_id, report_date, narrative, reported_by, unit_id, created_at) "
      "VALUES ($2, '2026-11-30', '已整改', $3, $4, $1)",
      {id, u.id, b_.id});
  EXPECT_TRUE(on(page(), id).has_reports);

  // A child of the task: open, then done.
  const int64_t open_before = on(page(), id).open_child_count;
  Task child = new_task(b1_, "子任务", "2026-11-30");
  child.parent_id = id;
  Task added = insert(child);
  EXPECT_EQ(on(page(), id).open_child_count, open_before + 1);
  set_status(added.id, "completed", 1);
  EXPECT_EQ(on(page(), id).open_child_count, open_before);

  // A co-operating unit in C makes a task of A's appear on C's page.
  tasks::Filter in_c;
  in_c.scope_path = c_.path;
  auto c_page = list(in_c, p).items;
  int64_t outside_id = 0;
  for (const auto& t : page())
    if (!contains(c_page, t.id)) outside_id = t.id;
  ASSERT_NE(outside_id, 0);
  exec("INSERT INTO task_cooperating_units (task_id, unit_id) VALUES ($2, $3)", {outside_id, c_.id});
  exec(
      "INSERT INTO task_scopes (unit_id, deadline, task_id) SELECT $2, deadline, id FROM tasks WHERE id = $3",
      {c_.id, outside_id});
  EXPECT_TRUE(contains(list(in_c, p).items, outside_id));
}

// The kept results stay within kResultCacheMaxBytes, the oldest forgotten
// first; one too big to keep is computed every time.
TEST_P(TaskListTest, CachedResultsStayWithinTheirMemoryBound) {
  const size_t mib = size_t(1) << 20;
  int computed = 0;
  auto get = [&](int key, size_t bytes) {
    int out = -1;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto gens, read_generations(tx, {"task_rows"}));
      LT_ASSIGN(auto v, cached_result<int>(
                            gens, "task_rows", "bound test", {int64_t(key)},
                            [&]() -> Result<int> { return ++computed, key * 10; },
                            bytes == mib ? +[](const int&) { return size_t(1) << 20; }
                                         : +[](const int&) { return kResultCacheMaxBytes; }));
      out = *v;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  };
  const int n = int(kResultCacheMaxBytes / mib) + 8;
  for (int k = 0; k < n; ++k) EXPECT_EQ(get(k, mib), k * 10);
  EXPECT_EQ(computed, n);
  ListCacheStats s = list_cache_stats();
  EXPECT_LE(s.result_bytes, kResultCacheMaxBytes);
  EXPECT_GE(s.result_bytes, kResultCacheMaxBytes - 2 * mib);
  EXPECT_EQ(get(n - 1, mib), (n - 1) * 10);  // the newest is kept
  EXPECT_EQ(computed, n);
  EXPECT_EQ(get(0, mib), 0);  // the oldest was forgotten
  EXPECT_EQ(computed, n + 1);
  EXPECT_EQ(get(1000, 0), 10000);  // larger than kResultCacheMaxEntryBytes: never kept
  EXPECT_EQ(get(1000, 0), 10000);
  EXPECT_EQ(computed, n + 3);
}

// Readers missing one result at one generation at once compute it once: the
// others wait for that answer (the dashboard's cold start). A failed
// computation is not shared: each waiter then computes on its own.
TEST_P(TaskListTest, ConcurrentMissesComputeOnce) {
  constexpr int kReaders = 6;
  auto run = [&](const char* key, bool fail_first) {
    std::atomic<int> computed{0}, failed{0};
    std::vector<std::thread> readers;
    std::vector<int> got(kReaders, -1);
    for (int r = 0; r < kReaders; ++r)
      readers.emplace_back([&, r] {
        Status st = db_->read([&](Tx& tx) -> Status {
          LT_ASSIGN(auto gens, read_generations(tx, {"task_rows"}));
          LT_ASSIGN(auto v, cached_result<int>(
                                gens, "task_rows", key, {},
                                [&]() -> Result<int> {
                                  // Long enough for every reader to arrive.
                                  std::this_thread::sleep_for(std::chrono::milliseconds(200));
                                  if (computed++ == 0 && fail_first)
                                    return ++failed, Error::make("internal", {});
                                  return 42;
                                },
                                +[](const int&) { return size_t(8); }));
          got[size_t(r)] = *v;
          return {};
        });
        if (!st.ok()) got[size_t(r)] = -2;
      });
    for (auto& t : readers) t.join();
    return std::tuple(computed.load(), failed.load(), got);
  };
  const ListCacheStats before = list_cache_stats();
  auto [computed, failed, got] = run("single flight", false);
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(failed, 0);
  for (int v : got) EXPECT_EQ(v, 42);
  // A reader that got its connection late finds it kept instead.
  const ListCacheStats after = list_cache_stats();
  EXPECT_GE(after.shared - before.shared, 1u);
  EXPECT_EQ(after.shared - before.shared + after.hits - before.hits, uint64_t(kReaders - 1));

  auto [computed2, failed2, got2] = run("single flight, failing", true);
  EXPECT_EQ(failed2, 1);
  EXPECT_EQ(computed2, 2);  // the failure, then one of the waiters; the rest share its answer
  EXPECT_EQ(std::count(got2.begin(), got2.end(), -2), 1);
  EXPECT_EQ(std::count(got2.begin(), got2.end(), 42), kReaders - 1);
}

// WhileComputing::previous: while one reader computes a changed answer, the
// others get the one before the change at once; a waiting reader gets the new
// one, and so does everyone once it is kept.
TEST_P(TaskListTest, PreviousAnswersServeWhileTheChangedOneIsComputed) {
  auto get = [&](store::WhileComputing w, int value, int sleep_ms) {
    int out = -1;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto gens, read_generations(tx, {"task_rows"}));
      LT_ASSIGN(auto v, cached_result<int>(
                            gens, "task_rows", "previous while computing", {},
                            [&]() -> Result<int> {
                              std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
                              return value;
                            },
                            +[](const int&) { return size_t(8); }, w));
      out = *v;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  };
  using W = store::WhileComputing;
  EXPECT_EQ(get(W::previous, 1, 0), 1);  // nothing kept: computed
  exec("UPDATE list_generations SET generation = generation + 1 WHERE name = 'task_rows'", {});
  std::thread slow([&] { EXPECT_EQ(get(W::previous, 2, 400), 2); });  // computes the changed answer
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t previous = list_cache_stats().previous;
  EXPECT_EQ(get(W::previous, 3, 0), 1);  // the one before, at once
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(250));
  EXPECT_EQ(list_cache_stats().previous, previous + 1);
  // Newer again while the computation of the one before runs: still the
  // kept answer, no second computation.
  exec("UPDATE list_generations SET generation = generation + 1 WHERE name = 'task_rows'", {});
  EXPECT_EQ(get(W::previous, 6, 0), 1);
  slow.join();
  EXPECT_EQ(get(W::previous, 7, 0), 7);  // nothing computing: its own generation's
  EXPECT_EQ(get(W::previous, 5, 0), 7);  // kept now
}

TEST_P(TaskListTest, UserListTotalsFollowNewAndDisabledUsers) {
  auto total = [&](const users::Filter& f) {
    PageOf<User> out;
    EXPECT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(out, users::list(tx, f, Page{}));
                     return {};
                   })
                    .ok());
    return out.total;
  };
  users::Filter in_a;
  in_a.scope_path = a_.path;
  EXPECT_EQ(total(in_a), 0);
  User u = add_user("zhang", "张三", a1_.id);
  EXPECT_EQ(total(in_a), 1);
  EXPECT_EQ(total(in_a), 1);
  exec("UPDATE users SET disabled = 1, updated_at = $1 WHERE id = $2", {u.id});
  EXPECT_EQ(total(in_a), 0);
  // A unit move changes which users a subtree holds.
  exec("UPDATE users SET disabled = 0, updated_at = $1 WHERE id = $2", {u.id});
  users::Filter in_b;
  in_b.scope_path = b_.path;
  EXPECT_EQ(total(in_b), 0);
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(auto v, units::get(tx, a1_.id));
                   v->parent_id = b_.id;
                   LT_ASSIGN(bool ok, units::update(tx, *v, kNow));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(total(in_b), 1);
  EXPECT_EQ(total(in_a), 0);
}

// 序号 counters (migration 0011): a place's counter is made once from the codes
// there, then raised by every code written at the place, never lowered, so a
// number is never handed out twice.
TEST_P(TaskListTest, CodeCountersStartFromTheSiblingsAndFollowEveryCodeWritten) {
  auto counter_row = [&](const std::string& place) {
    std::optional<std::pair<int64_t, std::string>> out;
    EXPECT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(
                         auto r,
                         tx.query_one("SELECT last_number, prefix FROM task_code_counters WHERE place = $1",
                                      {place}));
                     if (r) out = std::pair{r->i64(0), r->str(1)};
                     return {};
                   })
                    .ok());
    return out;
  };
  auto counter = [&](const Task& t) {
    CodeCounter c;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(c, tasks::code_counter(tx, t));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return c;
  };
  const std::string top = "a" + std::to_string(campaign_) + ":-";
  Task place;  // a top-level task of the campaign without a work area
  place.campaign_id = campaign_;
  ASSERT_FALSE(counter_row(top));             // nothing numbered yet
  EXPECT_EQ(counter(place).last_number, 89);  // made from the codes 0..89
  ASSERT_TRUE(counter_row(top));
  EXPECT_EQ(counter_row(top)->first, 89);

  Task t;
  t.campaign_id = campaign_;
  t.title = "新任务";
  t.code = "4.120";
  t.owner_unit_id = a_.id, t.owner_unit_path = a_.path;
  t.lead_unit_id = a_.id, t.lead_unit_path = a_.path;
  t.start_date = "2026-09-01";
  t.deadline = "2026-11-30";
  Task saved = insert(t);
  EXPECT_EQ(counter_row(top), (std::pair<int64_t, std::string>{120, "4."}));
  EXPECT_EQ(counter(place).next_top(), "4.121");

  // An edited code raises it; a lower one leaves it (numbers are not reused).
  auto recode = [&](const std::string& code) {
    saved.code = code;
    ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                     LT_ASSIGN(auto ok, tasks::update(tx, saved, kNow));
                     EXPECT_TRUE(ok);
                     return {};
                   })
                    .ok());
    ++saved.version;
  };
  recode("150");
  EXPECT_EQ(counter_row(top)->first, 150);
  recode("2");
  EXPECT_EQ(counter_row(top)->first, 150);

  // Children of a task: no row until numbered there; codes written before
  // then are counted when it is made.
  Task child = t;
  child.parent_id = saved.id;
  child.code = "2.7";
  child.title = "子任务";
  insert(child);
  const std::string kids = "p" + std::to_string(saved.id);
  EXPECT_FALSE(counter_row(kids));
  EXPECT_EQ(counter(child).next_child("2"), "2.8");
  EXPECT_EQ(counter_row(kids)->first, 7);
}

INSTANTIATE_TEST_SUITE_P(Backends, TaskListTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
