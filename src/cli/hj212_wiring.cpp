#include "cli/hj212_wiring.h"

#include <array>
#include <atomic>

#include "cli/config.h"
#include "io/hj212.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace lantian::cli {
namespace {

// What became of frames and packets, for /metrics: the decoder's errors
// and take_hj212's results.
struct Counts {
  static constexpr std::array<std::string_view, 13> kNames = {
      "stored",           "acknowledged",        "refused",   "unknown_station", "bad_password",
      "inactive_station", "unsupported_command", "no_time",   "hj212_garbage",   "hj212_bad_length",
      "hj212_too_long",   "hj212_bad_crc",       "bad_packet"};
  std::array<std::atomic<uint64_t>, kNames.size()> n{};
  std::atomic<uint64_t> failed{0};  // the database failed: no answer, the device sends again
  void count(std::string_view name) {
    for (size_t i = 0; i < kNames.size(); ++i)
      if (kNames[i] == name) {
        n[i]++;
        return;
      }
  }
};

class Hj212Session : public http::TcpSession {
 public:
  Hj212Session(std::string peer, app::AqService& aq, obs::Logger* logger, Counts& counts)
      : peer_(std::move(peer)), aq_(aq), logger_(logger), counts_(counts) {}

  std::string on_bytes(std::string_view bytes) override {
    std::string out;
    decoder_.feed(bytes);
    while (auto item = decoder_.next()) {
      if (!item->ok()) {
        counts_.count(item->error);
        if (logger_)
          logger_->debug("hj212 frame dropped",
                         {{"peer", peer_}, {"code", item->error}, {"detail", item->detail}});
        continue;
      }
      auto packet = io::parse_packet(item->data);
      if (!packet.ok()) {
        counts_.count("bad_packet");
        if (logger_)
          logger_->debug("hj212 packet dropped", {{"peer", peer_}, {"cause", packet.error().message}});
        continue;
      }
      auto outcome = aq_.take_hj212(*packet);
      if (!outcome.ok()) {
        counts_.failed++;
        if (logger_)
          logger_->warn("hj212 packet not stored",
                        {{"peer", peer_}, {"mn", packet->mn}, {"cause", outcome.error().message}});
        continue;
      }
      counts_.count(outcome->result);
      if (logger_)
        logger_->debug(
            "hj212 packet",
            {{"peer", peer_}, {"mn", packet->mn}, {"cn", packet->cn}, {"result", outcome->result}});
      if (outcome->reply) out += *outcome->reply;
    }
    return out;
  }

 private:
  std::string peer_;
  app::AqService& aq_;
  obs::Logger* logger_;
  Counts& counts_;
  io::Hj212Decoder decoder_;
};

}  // namespace

Result<std::unique_ptr<http::TcpListener>> make_hj212_listener(const std::string& listen, app::AqService& aq,
                                                               obs::Logger* logger, obs::Metrics* metrics) {
  LT_ASSIGN(auto address, parse_listen(listen));
  http::TcpListenerOptions o;
  o.host = address.first;
  o.port = address.second;
  auto counts = std::make_shared<Counts>();
  auto listener = std::make_unique<http::TcpListener>(
      o,
      [&aq, logger, counts](const std::string& peer) {
        return std::make_unique<Hj212Session>(peer, aq, logger, *counts);
      },
      logger);
  LT_TRY(listener->listen());
  if (metrics) {
    for (size_t i = 0; i < Counts::kNames.size(); ++i)
      metrics->add_gauge("lantian_hj212_" + std::string(Counts::kNames[i]) + "_total",
                         "HJ 212 frames and packets: " + std::string(Counts::kNames[i]),
                         [counts, i] { return double(counts->n[i].load()); });
    metrics->add_gauge("lantian_hj212_failed_total",
                       "HJ 212 packets the database did not take (not answered)",
                       [counts] { return double(counts->failed.load()); });
    http::TcpListener* l = listener.get();
    metrics->add_gauge("lantian_hj212_open_connections", "Open HJ 212 connections",
                       [l] { return double(l->stats().open.load()); });
  }
  return listener;
}

}  // namespace lantian::cli
