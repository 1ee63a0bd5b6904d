// The evidence store (store/evidence_store.h) in both forms — files and the
// database fallback — on both databases, and copy_evidence() between them.
#include "store/evidence_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "core/crypto.h"
#include "store/evidence_copy.h"
#include "store/evidence_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

namespace fs = std::filesystem;

// Every byte value, NULs included, then some text.
std::string binary(size_t n, unsigned seed = 1) {
  std::string s(n, '\0');
  std::mt19937 rng(seed);
  for (size_t i = 0; i < n; ++i) s[i] = char(i < 256 ? i : rng() & 0xFF);
  return s;
}

// (database backend, store kind)
class EvidenceStoreTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    auto [backend, kind] = GetParam();
    std::string why = database_.open(backend, "lantian-evidence");
    if (HasFailure()) return;
    if (!why.empty()) GTEST_SKIP() << why;
    db = &database_.db();
    dir = database_.dir();
    url = database_.url();
    auto s = open_evidence_store(url, kind == "files" ? (dir / "ev").string() : "database", *db);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(s).value();
  }
  void TearDown() override { store.reset(); }
  test::TestDatabase database_;
  fs::path dir;
  std::string url;
  Database* db = nullptr;
  std::unique_ptr<EvidenceStore> store;
};

TEST_P(EvidenceStoreTest, KeepsContentByItsHash) {
  const std::string bytes = binary(300'000), sha = sha256_hex(bytes);
  EXPECT_EQ(store->kind(), std::get<1>(GetParam()));
  ASSERT_FALSE(*store->contains(sha));
  EXPECT_FALSE(store->get(sha)->has_value());
  ASSERT_TRUE(store->put(sha, bytes).ok());
  EXPECT_TRUE(*store->contains(sha));
  auto back = store->get(sha);
  ASSERT_TRUE(back.ok() && *back) << (back.ok() ? "absent" : back.error().message);
  EXPECT_EQ(**back, bytes);  // byte for byte, NULs included
  // The same content again: nothing changes, no error.
  ASSERT_TRUE(store->put(sha, bytes).ok());
  EXPECT_EQ(**store->get(sha), bytes);
  // An empty content is a content too.
  ASSERT_TRUE(store->put(sha256_hex(""), "").ok());
  EXPECT_EQ(**store->get(sha256_hex("")), "");
}

TEST_P(EvidenceStoreTest, RefusesWrongNamesAndContents) {
  const std::string bytes = "photo", other = sha256_hex("other");
  auto wrong = store->put(other, bytes);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::internal);
  EXPECT_FALSE(*store->contains(other));
  for (std::string bad :
       {std::string("../../etc/passwd"), std::string(64, 'A'), std::string(63, 'a'), std::string()}) {
    EXPECT_EQ(store->put(bad, bytes).error().kind, ErrorKind::invalid) << bad;
    EXPECT_EQ(store->get(bad).error().kind, ErrorKind::invalid) << bad;
  }
}

TEST_P(EvidenceStoreTest, ConcurrentWritersOfOneContent) {
  const std::string bytes = binary(200'000, 7), sha = sha256_hex(bytes);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (!store->put(sha, bytes).ok()) failures++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(**store->get(sha), bytes);
  if (store->kind() == "files") {
    // One file where the layout says, no temporary file left behind.
    int files = 0;
    for (auto& e : fs::recursive_directory_iterator(dir / "ev")) files += e.is_regular_file();
    EXPECT_EQ(files, 1);
    EXPECT_TRUE(fs::exists(dir / "ev" / sha.substr(0, 2) / sha.substr(2, 2) / sha));
  }
}

TEST_P(EvidenceStoreTest, CopyCarriesWhatTheDatabaseRecords) {
  // Two recorded contents (one with a thumbnail) and one that the source lacks.
  const std::string a = binary(1000, 2), thumb = binary(100, 3), b = binary(5000, 4), lost = "never stored";
  for (const auto* s : {&a, &thumb, &b}) ASSERT_TRUE(store->put(sha256_hex(*s), *s).ok());
  ASSERT_TRUE(db->write([&](Tx& tx) -> Status {
                  for (const auto* s : {&a, &b, &lost}) {
                    EvidenceRecord r;
                    r.sha256 = sha256_hex(*s);
                    r.size_bytes = int64_t(s->size());
                    r.content_type = "application/pdf";
                    if (s == &a) r.thumbnail_sha256 = sha256_hex(thumb);
                    LT_TRY(evidence::insert(tx, r, "2026-12-04T00:00:00Z"));
                  }
                  return {};
                }).ok());
  // Into the other kind of store.
  std::unique_ptr<EvidenceStore> other;
  if (store->kind() == "files") {
    other = database_evidence_store(*db);
  } else {
    auto f = open_file_evidence_store((dir / "other").string());
    ASSERT_TRUE(f.ok());
    other = std::move(f).value();
  }
  auto rep = copy_evidence(*db, *store, *other);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->names, 4);
  EXPECT_EQ(rep->copied, 3);
  EXPECT_EQ(rep->bytes, int64_t(a.size() + thumb.size() + b.size()));
  EXPECT_EQ(rep->missing_count, 1);
  ASSERT_EQ(rep->missing.size(), 1u);
  EXPECT_EQ(rep->missing[0], sha256_hex(lost));
  EXPECT_FALSE(rep->ok());
  for (const auto* s : {&a, &thumb, &b}) EXPECT_EQ(**other->get(sha256_hex(*s)), *s);
  // A second run finds everything there.
  auto again = copy_evidence(*db, *store, *other);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->copied, 0);
  EXPECT_EQ(again->present, 3);
}

// For `lantian evidence sweep`: a file store lists its contents with their
// times (renewed by putting them again) and removes one; the database store
// keeps no times and says so.
TEST_P(EvidenceStoreTest, ListsAndRemovesContents) {
  const std::string a = "first", b = "second", sa = sha256_hex(a), sb = sha256_hex(b);
  ASSERT_TRUE(store->put(sa, a).ok());
  ASSERT_TRUE(store->put(sb, b).ok());
  auto listed = store->list();
  if (store->kind() == "database") {
    ASSERT_FALSE(listed.ok());
    EXPECT_EQ(listed.error().kind, ErrorKind::invalid);
  } else {
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_EQ(listed->size(), 2u);
    std::vector<std::string> names{(*listed)[0].sha256, (*listed)[1].sha256};
    std::vector<std::string> want{std::min(sa, sb), std::max(sa, sb)};
    EXPECT_EQ(names, want);
    // Putting a content again makes it young.
    fs::path pa = dir / "ev" / sa.substr(0, 2) / sa.substr(2, 2) / sa;
    fs::last_write_time(pa, fs::file_time_type::clock::now() - std::chrono::hours(100));
    auto aged = store->list();
    auto age_of = [&](const std::vector<EvidenceStore::Stored>& v) {
      for (const auto& c : v)
        if (c.sha256 == sa) return std::chrono::system_clock::now() - c.modified;
      return std::chrono::system_clock::duration::zero();
    };
    EXPECT_GT(age_of(*aged), std::chrono::hours(99));
    ASSERT_TRUE(store->put(sa, a).ok());
    EXPECT_LT(age_of(*store->list()), std::chrono::hours(1));
  }
  ASSERT_TRUE(store->remove(sa).ok());
  EXPECT_FALSE(*store->contains(sa));
  EXPECT_TRUE(*store->contains(sb));
  EXPECT_TRUE(store->remove(sa).ok());  // already gone: no error
  EXPECT_EQ(store->remove("../x").error().kind, ErrorKind::invalid);
}

INSTANTIATE_TEST_SUITE_P(Stores, EvidenceStoreTest,
                         ::testing::Combine(::testing::Values("sqlite", "postgres"),
                                            ::testing::Values("files", "database")),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + std::get<1>(info.param);
                         });

TEST(EvidenceLocation, DefaultsBesideSqliteAndInPostgres) {
  EXPECT_EQ(evidence_location("sqlite:data/lantian.db", ""), "data/lantian.db.evidence");
  EXPECT_EQ(evidence_location("/srv/x.db", ""), "/srv/x.db.evidence");
  EXPECT_EQ(evidence_location("postgres://u@h/db", ""), "database");
  EXPECT_EQ(evidence_location("postgresql://u@h/db", "/mnt/shared/ev"), "/mnt/shared/ev");
  EXPECT_EQ(evidence_location("sqlite:a.db", "database"), "database");
}

}  // namespace
}  // namespace lantian::store
