#include "obs/metrics.h"

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lantian::obs {

namespace {

constexpr std::array<double, 13> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5};
constexpr std::array<const char*, 13> kBoundLabels = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5"};
constexpr std::size_t kBuckets = kBounds.size() + 1;  // last one is +Inf

// Enough shards that the I/O threads of one process rarely share one; each
// thread sticks to the shard it was given first, so its mutex is uncontended
// except while render() merges.
constexpr std::size_t kShards = 16;

// Methods outside this list are labelled "OTHER" so that clients cannot create
// unbounded label cardinality by inventing methods.
std::string_view normalize_method(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"GET",   "HEAD",    "POST",  "PUT",    "DELETE",
                                                "PATCH", "OPTIONS", "TRACE", "CONNECT"};
  for (auto k : kKnown)
    if (k == m) return k;
  return "OTHER";
}

struct StatusCount {
  std::string_view method;  // points into kKnown or "OTHER": static storage
  int status;
  std::uint64_t count;
};

struct RouteStats {
  std::vector<StatusCount> counts;                // few entries per route: a linear scan beats hashing
  std::array<std::uint64_t, kBuckets> buckets{};  // non-cumulative
  double sum = 0;
  std::uint64_t count = 0;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Shard {
  std::mutex mu;
  // Transparent lookup: observe_request() finds a route without building a std::string.
  std::unordered_map<std::string, RouteStats, StringHash, std::equal_to<>> routes;
};

std::size_t this_thread_shard() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t index = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return index;
}

void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

void append_help_text(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    // Whole numbers (byte counts, row counts) read better as 1500000000 than 1.5e+09.
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    out.append(buf, r.ptr);
  } else {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
}

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

}  // namespace

struct Metrics::Impl {
  std::array<Shard, kShards> shards;
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  mutable std::mutex gauges_mu;
  std::vector<Gauge> gauges;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe_request(std::string_view route, std::string_view method, int status, double seconds) {
  if (route.empty()) route = "unmatched";
  method = normalize_method(method);
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  std::size_t bucket = 0;
  while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;

  Shard& shard = impl_->shards[this_thread_shard()];
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.routes.find(route);
  if (it == shard.routes.end()) it = shard.routes.emplace(std::string(route), RouteStats{}).first;
  RouteStats& rs = it->second;
  rs.buckets[bucket]++;
  rs.sum += seconds;
  rs.count++;
  for (auto& sc : rs.counts) {
    if (sc.status == status && sc.method == method) {
      sc.count++;
      return;
    }
  }
  rs.counts.push_back({method, status, 1});
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  if (!valid_metric_name(name) || !read) return;  // a bad name would corrupt the whole exposition
  std::lock_guard<std::mutex> lock(impl_->gauges_mu);
  impl_->gauges.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  // Merge the shards into an ordered copy so the output is stable.
  struct Merged {
    std::map<std::pair<std::string_view, int>, std::uint64_t> counts;
    std::array<std::uint64_t, kBuckets> buckets{};
    double sum = 0;
    std::uint64_t count = 0;
  };
  std::map<std::string, Merged, std::less<>> merged;
  for (auto& shard : impl_->shards) {
    std::lock_guard<std::mutex> lock(shard.mu);
    for (const auto& [route, rs] : shard.routes) {
      auto it = merged.find(route);
      if (it == merged.end()) it = merged.emplace(route, Merged{}).first;
      Merged& m = it->second;
      for (const auto& sc : rs.counts) m.counts[{sc.method, sc.status}] += sc.count;
      for (std::size_t i = 0; i < kBuckets; ++i) m.buckets[i] += rs.buckets[i];
      m.sum += rs.sum;
      m.count += rs.count;
    }
  }

  std::string out;
  out.reserve(512 + merged.size() * 2048);
  out += "# HELP lantian_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE lantian_http_requests_total counter\n";
  for (const auto& [route, m] : merged) {
    for (const auto& [key, count] : m.counts) {
      out += "lantian_http_requests_total{route=\"";
      append_label_value(out, route);
      out += "\",method=\"";
      append_label_value(out, key.first);
      out += "\",status=\"";
      append_number(out, static_cast<std::uint64_t>(key.second < 0 ? 0 : key.second));
      out += "\"} ";
      append_number(out, count);
      out.push_back('\n');
    }
  }
  out +=
      "# HELP lantian_http_request_duration_seconds Time from the first request byte to the response "
      "written.\n";
  out += "# TYPE lantian_http_request_duration_seconds histogram\n";
  for (const auto& [route, m] : merged) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      cumulative += m.buckets[i];
      out += "lantian_http_request_duration_seconds_bucket{route=\"";
      append_label_value(out, route);
      out += "\",le=\"";
      out += i < kBoundLabels.size() ? kBoundLabels[i] : "+Inf";
      out += "\"} ";
      append_number(out, cumulative);
      out.push_back('\n');
    }
    out += "lantian_http_request_duration_seconds_sum{route=\"";
    append_label_value(out, route);
    out += "\"} ";
    append_number(out, m.sum);
    out += "\nlantian_http_request_duration_seconds_count{route=\"";
    append_label_value(out, route);
    out += "\"} ";
    append_number(out, m.count);
    out.push_back('\n');
  }

  // Gauge callbacks may take their own locks (e.g. a database pool); they run
  // with no shard lock held. One that throws is left out rather than failing
  // the whole scrape.
  std::lock_guard<std::mutex> lock(impl_->gauges_mu);
  for (const auto& g : impl_->gauges) {
    double v;
    try {
      v = g.read();
    } catch (...) {
      continue;
    }
    out += "# HELP ";
    out += g.name;
    out.push_back(' ');
    append_help_text(out, g.help);
    out += "\n# TYPE ";
    out += g.name;
    out += " gauge\n";
    out += g.name;
    out.push_back(' ');
    append_number(out, v);
    out.push_back('\n');
  }
  return out;
}

}  // namespace lantian::obs
