#include "cli/hj212_wiring.h"

#include <array>
#include <atomic>

#include "cli/config.h"
#include "io/hj212.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace lantian::cli {
namespace {

// Threads of the HJ 212 listener (see make_hj212_listener).
constexpr unsigned kHj212Threads = 8;

// What became of packets (app::Hj212Result) and of frames the decoder
// dropped (its error codes), for /metrics.
struct Counts {
  static constexpr std::array<std::string_view, 5> kFrameErrors = {
      io::kHj212Garbage, io::kHj212BadLength, io::kHj212TooLong, io::kHj212BadCrc, "bad_packet"};
  std::array<std::atomic<uint64_t>, app::kHj212Results> results{};
  std::array<std::atomic<uint64_t>, kFrameErrors.size()> frame_errors{};
  std::atomic<uint64_t> failed{0};  // the database failed: no answer, the device sends again
  void count(app::Hj212Result r) { results[size_t(r)]++; }
  void count(std::string_view frame_error) {
    for (size_t i = 0; i < kFrameErrors.size(); ++i)
      if (kFrameErrors[i] == frame_error) frame_errors[i]++;
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
        logger_->debug("hj212 packet", {{"peer", peer_},
                                        {"mn", packet->mn},
                                        {"cn", packet->cn},
                                        {"result", app::name(outcome->result)}});
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
  // A session blocks in the database until its frame is stored (the 9014
  // reply promises that), and a commit waits for the disk: on one thread the
  // listener stored one frame per commit, ~500 a second whatever the CPU
  // (bench/run_aq.sh). On several, the frames of devices sending at the same
  // time share SQLite's group commit (store/db.h).
  o.threads = kHj212Threads;
  auto counts = std::make_shared<Counts>();
  auto listener = std::make_unique<http::TcpListener>(
      o,
      [&aq, logger, counts](const std::string& peer) {
        return std::make_unique<Hj212Session>(peer, aq, logger, *counts);
      },
      logger);
  LT_TRY(listener->listen());
  if (metrics) {
    for (int i = 0; i < app::kHj212Results; ++i) {
      const std::string n(app::name(app::Hj212Result(i)));
      metrics->add_gauge("lantian_hj212_" + n + "_total", "HJ 212 packets: " + n,
                         [counts, i] { return double(counts->results[size_t(i)].load()); });
    }
    for (size_t i = 0; i < Counts::kFrameErrors.size(); ++i) {
      const std::string n(Counts::kFrameErrors[i]);
      metrics->add_gauge("lantian_hj212_" + n + "_total", "HJ 212 frames dropped: " + n,
                         [counts, i] { return double(counts->frame_errors[i].load()); });
    }
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
