// Cached list totals: a COUNT(*) is answered from memory while the list's
// generation (table list_generations, moved by triggers on every change a
// count of that list can see; migration 0010) is the one it was counted at.
// So a page's total costs one single-row read instead of a walk over every
// matching row, and is never stale: any insert, delete or filtered-column
// update of the list's tables moves the generation in the same transaction.
//
//   LT_ASSIGN(int64_t n, cached_count(tx, "tasks", "SELECT COUNT(*) FROM tasks t WHERE …", params));
//
// `list` names the generation ("tasks", "users"); `count_sql` must return one
// integer and read only tables whose changes move that generation. Counts are
// kept per database (list_generations.epoch), query text and parameters; at
// most kMaxEntries, the oldest forgotten first.
//
// Call it in a read transaction (Database::read), as the list functions are:
// inside a write, a count taken after that write's own changes could be kept
// under a generation its later changes do not move again (PostgreSQL moves a
// list's generation once per transaction).
//
// Errors: what the Tx returned. Thread-safety: thread-safe (one mutex held
// only around the map, never across a query).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store {

inline constexpr size_t kCountCacheMaxEntries = 4096;

Result<int64_t> cached_count(Tx& tx, const char* list, const std::string& count_sql,
                             const std::vector<Value>& params);

// For tests and benchmarks: hits and misses since start.
struct CountCacheStats {
  uint64_t hits = 0, misses = 0;
};
CountCacheStats count_cache_stats();

}  // namespace lantian::store
