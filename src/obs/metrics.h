// Prometheus metrics: requests by route, method and status; a latency
// histogram per route; plus gauges supplied by callbacks (database figures,
// open connections). render() produces the text exposition format 0.0.4:
//   lantian_http_requests_total{route,method,status}            counter
//   lantian_http_request_duration_seconds{route}                histogram
//     buckets 0.0005 .. 5 seconds and +Inf, with _sum and _count
//
// Label cardinality stays bounded: route is the route pattern, never the raw
// path ("" renders as "unmatched"), and methods other than the standard nine
// are counted as "OTHER".
//
// Thread-safety: observe_request() and render() are thread-safe and cheap
// enough for every request: each thread records into its own shard (a small
// hash map under an uncontended mutex); render() merges the shards.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace lantian::obs {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Records one finished request. route is the route pattern ("" = unmatched).
  void observe_request(std::string_view route, std::string_view method, int status, double seconds);

  // Registers a gauge whose value is read at render time. name must be a valid
  // Prometheus metric name (an invalid one is ignored); help is one line. read
  // runs on the thread calling render(), with no metrics lock held; if it
  // throws, that gauge is left out of that render. Thread-safe.
  void add_gauge(std::string name, std::string help, std::function<double()> read);

  // Text exposition of all metrics, series sorted by route.
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::obs
