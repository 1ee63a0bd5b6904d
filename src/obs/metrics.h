// Prometheus metrics: requests by route, method and status; a latency
// histogram per route; plus gauges supplied by callbacks (database figures,
// open connections). render() produces the text exposition format 0.0.4.
//
// Thread-safety: observe_request() and render() are thread-safe and cheap
// enough for every request (sharded, no global lock on the hot path).
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
  // Prometheus metric name; help is one line. Call before serving starts.
  void add_gauge(std::string name, std::string help, std::function<double()> read);

  // Text exposition of all metrics.
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::obs
