#include "store/count_cache.h"

#include <atomic>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace lantian::store {
namespace {

struct Entry {
  int64_t generation = 0;
  int64_t count = 0;
};

std::mutex mu;
std::unordered_map<std::string, Entry> entries;
std::deque<std::string> order;  // insertion order, for forgetting the oldest
std::atomic<uint64_t> hits{0}, misses{0};

void append_value(std::string& key, const Value& v) {
  key += '\x1f';
  if (std::holds_alternative<std::nullptr_t>(v)) {
    key += 'n';
  } else if (auto i = std::get_if<int64_t>(&v)) {
    key += 'i' + std::to_string(*i);
  } else if (auto d = std::get_if<double>(&v)) {
    key += 'd' + std::to_string(*d);
  } else {
    key += 's';
    key += std::get<std::string>(v);
  }
}

}  // namespace

Result<int64_t> cached_count(Tx& tx, const char* list, const std::string& count_sql,
                             const std::vector<Value>& params) {
  LT_ASSIGN(auto gen, tx.query_one("SELECT epoch, generation FROM list_generations WHERE name = $1",
                                   {std::string(list)}));
  if (!gen) {  // not migrated this far: count every time
    LT_ASSIGN(auto r, tx.query_one(count_sql, params));
    return r ? r->i64(0) : 0;
  }
  std::string key = gen->str(0);
  key += '\x1e';
  key += count_sql;
  for (const auto& v : params) append_value(key, v);
  const int64_t generation = gen->i64(1);
  {
    std::lock_guard lock(mu);
    auto it = entries.find(key);
    if (it != entries.end() && it->second.generation == generation) {
      hits.fetch_add(1, std::memory_order_relaxed);
      return it->second.count;
    }
  }
  misses.fetch_add(1, std::memory_order_relaxed);
  // Counted in the same transaction (snapshot) as the generation was read,
  // so the count is the one of that generation.
  LT_ASSIGN(auto r, tx.query_one(count_sql, params));
  int64_t n = r ? r->i64(0) : 0;
  std::lock_guard lock(mu);
  auto [it, fresh] = entries.try_emplace(key);
  // Keep the newest generation if another reader got there first.
  if (fresh || it->second.generation <= generation) it->second = {generation, n};
  if (fresh) {
    order.push_back(key);
    while (order.size() > kCountCacheMaxEntries) {
      entries.erase(order.front());
      order.pop_front();
    }
  }
  return n;
}

CountCacheStats count_cache_stats() { return {hits.load(), misses.load()}; }

}  // namespace lantian::store
