// Cached list totals and pages: a COUNT(*), or a page's result, is answered
// from memory while the list's generation (table list_generations, moved by
// triggers on every change the query can see; migrations 0010 and 0012) is
// the one it was read at. So a page's total costs one single-row read instead
// of a walk over every matching row, a page read again unchanged costs the
// same read instead of its query, and neither is ever stale: any change to
// the tables behind a generation moves it in the same transaction.
//
//   LT_ASSIGN(int64_t n, cached_count(tx, "tasks", "SELECT COUNT(*) FROM tasks t WHERE …", params));
//   LT_ASSIGN(auto gens, read_generations(tx, {"tasks", "task_rows"}));
//   LT_ASSIGN(auto page, cached_result<PageOf<Task>>(gens, "task_rows", sql, params,
//                                                    [&]() -> Result<PageOf<Task>> { … run sql … },
//                                                    bytes_of_page));
//
// Generations ("tasks": rows a task count or filter can see; "task_rows": any
// column of a task, its units, area, reports, co-operating units and scope
// rows; "users"): `sql` must read only tables whose changes move the named
// generation, and, for cached_result, `compute` must read only what `sql` with
// `params` reads (sql and params are the key), in the transaction `gens` were
// read in (so the result is the one of that generation). Entries are kept per database
// (list_generations.epoch), query text and parameters: counts at most
// kCountCacheMaxEntries, results at most kResultCacheMaxBytes by their `bytes`
// estimate (one larger than kResultCacheMaxEntryBytes is never kept); the
// oldest are forgotten first.
//
// A result is computed once per generation: readers that miss the same key
// at the same generation while another computes it wait for that answer
// instead of running the query too (a dashboard's cold start under load is
// one computation, not one per reader). If the computation fails, one of the
// waiters computes. A caller that prefers a prompt answer to the newest
// (WhileComputing::previous: a dashboard under a stream of writes, whose
// every write moves its generation) gets the answer kept for an older
// generation instead of waiting — the one the computation in progress will
// replace, even when that computation is itself of an older generation than
// the reader's (so one runs per answer at a time however fast writes come);
// the reader that computes, and any reader when nothing is being computed or
// nothing older is kept, still gets its own generation's.
//
// Call them in a read transaction (Database::read), as the list functions are:
// inside a write, a result taken after that write's own changes could be kept
// under a generation its later changes do not move again (PostgreSQL moves a
// generation once per transaction).
//
// Errors: what the Tx (or compute) returned. Thread-safety: thread-safe (one
// mutex held only around the maps, never across a query); a cached result is
// immutable and shared by every reader that gets it.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "store/db.h"

namespace lantian::store {

inline constexpr size_t kCountCacheMaxEntries = 4096;
// ~800 pages of 50 tasks; the air-quality map of 2,000 stations is ~1.5 MB.
inline constexpr size_t kResultCacheMaxBytes = size_t(64) << 20;
// A region of ~20,000 stations' latest hours still fits.
inline constexpr size_t kResultCacheMaxEntryBytes = kResultCacheMaxBytes / 4;

// The generations of some lists as this transaction sees them, read in one
// statement: a read that takes several cached results (a page and its
// total) reads them once. A list missing from the database (not migrated
// this far) is not cached.
struct Generations {
  struct One {
    std::string name, epoch;
    int64_t generation = 0;
  };
  std::vector<One> lists;
  const One* find(std::string_view name) const;
};
Result<Generations> read_generations(Tx& tx, std::initializer_list<const char*> lists);

Result<int64_t> cached_count(Tx& tx, const char* list, const std::string& count_sql,
                             const std::vector<Value>& params);
// The same with generations read before in this transaction.
Result<int64_t> cached_count(Tx& tx, const Generations& gens, const char* list, const std::string& count_sql,
                             const std::vector<Value>& params);

// What a reader that misses gets while another computes the same answer:
// wait for it, or the answer kept for an older generation (see above).
enum class WhileComputing { wait, previous };

// The type-erased form of cached_result; `type` keeps results of different
// types apart.
Result<std::shared_ptr<const void>> cached_erased(
    const Generations& gens, const char* list, const std::type_info& type, const std::string& sql,
    const std::vector<Value>& params,
    const std::function<Result<std::pair<std::shared_ptr<const void>, size_t>>()>& compute,
    WhileComputing while_computing = WhileComputing::wait);

template <class T>
Result<std::shared_ptr<const T>> cached_result(const Generations& gens, const char* list,
                                               const std::string& sql, const std::vector<Value>& params,
                                               const std::function<Result<T>()>& compute,
                                               size_t (*bytes)(const T&),
                                               WhileComputing while_computing = WhileComputing::wait) {
  LT_ASSIGN(auto any, cached_erased(
                          gens, list, typeid(T), sql, params,
                          [&]() -> Result<std::pair<std::shared_ptr<const void>, size_t>> {
                            LT_ASSIGN(T value, compute());
                            size_t n = bytes(value);
                            return std::pair<std::shared_ptr<const void>, size_t>(
                                std::make_shared<const T>(std::move(value)), n);
                          },
                          while_computing));
  return std::static_pointer_cast<const T>(any);
}

// For tests and benchmarks: hits and misses since start (counts and results
// together), and what the kept results hold now.
struct ListCacheStats {
  uint64_t hits = 0, misses = 0;
  uint64_t shared = 0;    // misses answered by another reader's computation
  uint64_t previous = 0;  // misses answered with an older generation's (WhileComputing::previous)
  size_t results = 0, result_bytes = 0;
};
ListCacheStats list_cache_stats();

}  // namespace lantian::store
