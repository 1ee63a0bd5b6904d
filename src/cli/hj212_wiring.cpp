#include "cli/hj212_wiring.h"

#include <array>
#include <atomic>

#include "app/hj212_intake.h"
#include "cli/config.h"
#include "io/hj212.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace lantian::cli {
namespace {

// Threads of the HJ 212 listener: they only cut and parse frames (the
// commits wait on the intake's thread), ~120,000 frames/s each.
constexpr unsigned kHj212Threads = 2;

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

// What a session waits for: the results of the frames of one read, which
// the intake hands to a thread of its own. Holds nothing of the session (it
// may be gone by then: the listener stopped).
struct Pending {
  std::string peer;
  obs::Logger* logger;
  std::shared_ptr<Counts> counts;
  std::vector<std::pair<std::string, std::string>> ids;  // MN and CN of each packet, for the log
  http::TcpReply reply;

  void done(std::vector<Result<app::Hj212Outcome>> results) {
    std::string out;
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& [mn, cn] = ids[i];
      if (!results[i].ok()) {
        counts->failed++;
        if (logger)
          logger->warn("hj212 packet not stored",
                       {{"peer", peer}, {"mn", mn}, {"cause", results[i].error().message}});
        continue;
      }
      const app::Hj212Outcome& o = *results[i];
      counts->count(o.result);
      if (logger)
        logger->debug("hj212 packet",
                      {{"peer", peer}, {"mn", mn}, {"cn", cn}, {"result", app::name(o.result)}});
      // Sent only now: a stored hour's reply promises the commit is durable.
      if (o.reply) out += *o.reply;
    }
    reply(std::move(out));
  }
};

class Hj212Session : public http::TcpSession {
 public:
  Hj212Session(std::string peer, std::shared_ptr<app::Hj212Intake> intake, obs::Logger* logger,
               std::shared_ptr<Counts> counts)
      : peer_(std::move(peer)), intake_(std::move(intake)), logger_(logger), counts_(std::move(counts)) {}

  void on_bytes(std::string_view bytes, http::TcpReply reply) override {
    decoder_.feed(bytes);
    std::vector<io::Hj212Packet> packets;
    while (auto item = decoder_.next()) {
      if (!item->ok()) {
        counts_->count(item->error);
        if (logger_)
          logger_->debug("hj212 frame dropped",
                         {{"peer", peer_}, {"code", item->error}, {"detail", item->detail}});
        continue;
      }
      auto packet = io::parse_packet(item->data);
      if (!packet.ok()) {
        counts_->count("bad_packet");
        if (logger_)
          logger_->debug("hj212 packet dropped", {{"peer", peer_}, {"cause", packet.error().message}});
        continue;
      }
      packets.push_back(std::move(packet).value());
    }
    // Garbage, or half a frame so far: nothing to wait for.
    if (packets.empty()) return reply("");
    auto pending = std::make_shared<Pending>(Pending{peer_, logger_, counts_, {}, std::move(reply)});
    pending->ids.reserve(packets.size());
    for (const auto& p : packets) pending->ids.emplace_back(p.mn, p.cn);
    intake_->submit(std::move(packets), [pending](std::vector<Result<app::Hj212Outcome>> results) {
      pending->done(std::move(results));
    });
  }

 private:
  std::string peer_;
  std::shared_ptr<app::Hj212Intake> intake_;
  obs::Logger* logger_;
  std::shared_ptr<Counts> counts_;
  io::Hj212Decoder decoder_;
};

}  // namespace

Result<std::unique_ptr<http::TcpListener>> make_hj212_listener(const std::string& listen, app::AqService& aq,
                                                               obs::Logger* logger, obs::Metrics* metrics,
                                                               size_t lanes) {
  LT_ASSIGN(auto address, parse_listen(listen));
  http::TcpListenerOptions o;
  o.host = address.first;
  o.port = address.second;
  // A frame's 9014 reply promises it is stored, and a commit waits for the
  // disk: one commit per frame, whatever the threads, bounded the listener
  // to a few thousand frames a second (docs/benchmarks.md, issue 13). The
  // sessions hand their frames to one intake, which stores those of many
  // devices in one transaction and answers each after the commit.
  o.threads = kHj212Threads;
  auto counts = std::make_shared<Counts>();
  // Shared by the sessions: it outlives the last of them, and its thread
  // finishes the batch in progress before it goes.
  app::Hj212IntakeOptions io;
  io.lanes = lanes;
  auto intake = std::make_shared<app::Hj212Intake>(aq, io);
  auto listener = std::make_unique<http::TcpListener>(
      o,
      [intake, logger, counts](const std::string& peer) {
        return std::make_unique<Hj212Session>(peer, intake, logger, counts);
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
    std::weak_ptr<app::Hj212Intake> weak = intake;
    metrics->add_gauge("lantian_hj212_batches_total",
                       "HJ 212 batches taken (frames of many connections in one write transaction)", [weak] {
                         auto i = weak.lock();
                         return i ? double(i->stats().batches.load()) : 0.0;
                       });
    http::TcpListener* l = listener.get();
    metrics->add_gauge("lantian_hj212_open_connections", "Open HJ 212 connections",
                       [l] { return double(l->stats().open.load()); });
  }
  return listener;
}

}  // namespace lantian::cli
