#include "store/list_cache.h"

#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
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
std::atomic<uint64_t> hits{0}, misses{0}, shared{0}, previous{0};

struct ResultEntry {
  int64_t generation = 0;
  std::shared_ptr<const void> value;
  size_t bytes = 0;
};
std::mutex results_mu;
std::unordered_map<std::string, ResultEntry> results;
std::deque<std::string> results_order;  // insertion order, for forgetting the oldest
size_t results_bytes = 0;

// A result being computed: readers missing the same key at the same
// generation wait for it. The value is null when the computation failed.
struct Flight {
  int64_t generation = 0;
  std::shared_future<std::shared_ptr<const void>> answer;
};
std::unordered_map<std::string, Flight> flights;  // under results_mu

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

struct Generation {
  std::string key;  // epoch, SQL and parameters
  int64_t generation = 0;
};

// The list's generation and the key of (database, sql, params); nullopt when
// the database does not have the list (then nothing is cached).
std::optional<Generation> generation_of(const Generations& gens, const char* list, std::string_view tag,
                                        const std::string& sql, const std::vector<Value>& params) {
  const Generations::One* one = gens.find(list);
  if (!one) return std::nullopt;
  Generation g;
  g.key = one->epoch;
  g.key += '\x1e';
  g.key += tag;
  g.key += '\x1e';
  g.key += sql;
  for (const auto& v : params) append_value(g.key, v);
  g.generation = one->generation;
  return g;
}

}  // namespace

const Generations::One* Generations::find(std::string_view name) const {
  for (const auto& one : lists)
    if (one.name == name) return &one;
  return nullptr;
}

Result<Generations> read_generations(Tx& tx, std::initializer_list<const char*> lists) {
  std::string sql = "SELECT name, epoch, generation FROM list_generations WHERE name IN (";
  std::vector<Value> params;
  for (const char* list : lists) {
    if (!params.empty()) sql += ", ";
    params.emplace_back(std::string(list));
    sql += "$" + std::to_string(params.size());
  }
  sql += ")";
  LT_ASSIGN(auto rows, tx.query(sql, params));
  Generations out;
  for (auto& r : rows.rows) out.lists.push_back({r.take_str(0), r.take_str(1), r.i64(2)});
  return out;
}

namespace {

// Keeps a computed result (under results_mu), forgetting the oldest beyond
// the bound.
void keep(const Generation& gen, const std::shared_ptr<const void>& value, size_t bytes) {
  auto [it, fresh] = results.try_emplace(gen.key);
  // Keep the newest generation if another reader got there first.
  if (fresh || it->second.generation <= gen.generation) {
    results_bytes -= it->second.bytes;
    it->second = {gen.generation, value, bytes};
    results_bytes += bytes;
  }
  if (fresh) results_order.push_back(gen.key);
  while (results_bytes > kResultCacheMaxBytes && !results_order.empty()) {
    auto old = results.find(results_order.front());
    results_bytes -= old->second.bytes;
    results.erase(old);
    results_order.pop_front();
  }
}

}  // namespace

Result<std::shared_ptr<const void>> cached_erased(
    const Generations& gens, const char* list, const std::type_info& type, const std::string& sql,
    const std::vector<Value>& params,
    const std::function<Result<std::pair<std::shared_ptr<const void>, size_t>>()>& compute,
    WhileComputing while_computing) {
  std::optional<Generation> gen = generation_of(gens, list, type.name(), sql, params);
  if (!gen) {
    misses.fetch_add(1, std::memory_order_relaxed);
    LT_ASSIGN(auto made, compute());
    return made.first;
  }
  std::optional<std::promise<std::shared_ptr<const void>>> mine;  // set when this reader computes
  for (;;) {
    std::shared_future<std::shared_ptr<const void>> theirs;
    {
      std::lock_guard lock(results_mu);
      auto it = results.find(gen->key);
      if (it != results.end() && it->second.generation == gen->generation) {
        hits.fetch_add(1, std::memory_order_relaxed);
        return it->second.value;
      }
      auto [f, fresh] = flights.try_emplace(gen->key);
      if (!fresh && while_computing == WhileComputing::previous && it != results.end() &&
          it->second.generation < gen->generation) {
        // The answer the computation in progress replaces (generations only
        // grow). Also when that computation is of an older generation than
        // ours: under a stream of writes every reader has a newer one, and
        // one computation at a time is what keeps the dashboard answering.
        misses.fetch_add(1, std::memory_order_relaxed);
        previous.fetch_add(1, std::memory_order_relaxed);
        return it->second.value;
      }
      if (!fresh && f->second.generation == gen->generation) {
        theirs = f->second.answer;
      } else if (fresh || f->second.generation < gen->generation) {
        // Readers of an older generation keep waiting on their own flight.
        mine.emplace();
        f->second = {gen->generation, mine->get_future().share()};
      }
      // Otherwise a newer generation is being computed: compute on our own.
    }
    if (!theirs.valid()) break;
    // Computed by a reader of the same generation, so the same result. Null:
    // that computation failed — look again (one of the waiters computes).
    if (auto value = theirs.get()) {
      misses.fetch_add(1, std::memory_order_relaxed);
      shared.fetch_add(1, std::memory_order_relaxed);
      return value;
    }
  }
  misses.fetch_add(1, std::memory_order_relaxed);
  // Computed in the same transaction (snapshot) as the generation was read,
  // so the result is the one of that generation. The flight ends however
  // compute ends (waiters get null on failure and compute themselves).
  struct Land {
    std::optional<std::promise<std::shared_ptr<const void>>>& mine;
    const Generation& gen;
    std::shared_ptr<const void> value;  // null until computed
    ~Land() {
      if (!mine) return;
      {  // gone before its waiters wake, so that they do not find it again
        std::lock_guard lock(results_mu);
        auto f = flights.find(gen.key);
        if (f != flights.end() && f->second.generation == gen.generation) flights.erase(f);
      }
      mine->set_value(value);
    }
  } land{mine, *gen, nullptr};
  LT_ASSIGN(auto made, compute());
  if (made.second <= kResultCacheMaxEntryBytes) {
    std::lock_guard lock(results_mu);
    keep(*gen, made.first, made.second);
  }
  land.value = made.first;
  return made.first;
}

Result<int64_t> cached_count(Tx& tx, const char* list, const std::string& count_sql,
                             const std::vector<Value>& params) {
  LT_ASSIGN(auto gens, read_generations(tx, {list}));
  return cached_count(tx, gens, list, count_sql, params);
}

Result<int64_t> cached_count(Tx& tx, const Generations& gens, const char* list, const std::string& count_sql,
                             const std::vector<Value>& params) {
  std::optional<Generation> gen = generation_of(gens, list, "count", count_sql, params);
  if (!gen) {  // not migrated this far: count every time
    LT_ASSIGN(auto r, tx.query_one(count_sql, params));
    return r ? r->i64(0) : 0;
  }
  const std::string& key = gen->key;
  const int64_t generation = gen->generation;
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

ListCacheStats list_cache_stats() {
  std::lock_guard lock(results_mu);
  return {hits.load(), misses.load(), shared.load(), previous.load(), results.size(), results_bytes};
}

}  // namespace lantian::store
