#include "app/hj212_intake.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace lantian::app {

namespace {

using Steady = std::chrono::steady_clock;

struct Submission {
  std::vector<io::Hj212Packet> packets;
  Hj212Intake::Done done;
  Steady::time_point at;
};

void refuse(Submission& s) {
  s.done(std::vector<Result<Hj212Outcome>>(s.packets.size(),
                                           Error::unavailable("the HJ 212 intake is stopping")));
}

// One queue and the thread that takes its batches.
struct Lane {
  AqService& aq;
  const Hj212IntakeOptions& options;
  Hj212IntakeStats& stats;
  std::mutex m;
  std::condition_variable cv;
  std::deque<Submission> queue;
  size_t queued = 0;  // packets in queue
  bool stopping = false;
  std::thread thread;

  Lane(AqService& a, const Hj212IntakeOptions& o, Hj212IntakeStats& s) : aq(a), options(o), stats(s) {}

  void run() {
    std::unique_lock lock(m);
    for (;;) {
      cv.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) break;
      // Linger for company, counted from the oldest submission: what queued
      // during the last commit has waited already and goes at once.
      const auto deadline = queue.front().at + options.max_wait;
      cv.wait_until(lock, deadline, [&] { return stopping || queued >= options.max_frames; });
      if (stopping) break;
      std::vector<Submission> batch;
      size_t n = 0;
      while (!queue.empty() && (batch.empty() || n + queue.front().packets.size() <= options.max_frames)) {
        n += queue.front().packets.size();
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
      queued -= n;
      lock.unlock();
      take(batch, n);
      lock.lock();
    }
    std::deque<Submission> rest = std::move(queue);
    queue.clear();
    queued = 0;
    lock.unlock();
    for (auto& s : rest) refuse(s);
  }

  void take(std::vector<Submission>& batch, size_t n) {
    std::vector<io::Hj212Packet> packets;
    packets.reserve(n);
    for (auto& s : batch)
      for (auto& p : s.packets) packets.push_back(std::move(p));
    auto results = aq.take_hj212(std::span<const io::Hj212Packet>(packets));
    stats.batches++;
    stats.packets += n;
    size_t at = 0;
    for (auto& s : batch) {
      const size_t k = s.packets.size();
      std::vector<Result<Hj212Outcome>> mine(
          std::make_move_iterator(results.begin() + std::ptrdiff_t(at)),
          std::make_move_iterator(results.begin() + std::ptrdiff_t(at + k)));
      at += k;
      s.done(std::move(mine));
    }
  }

  // Queues s; false when the lane is stopping.
  bool submit(Submission& s) {
    std::lock_guard lock(m);
    if (stopping) return false;
    queued += s.packets.size();
    queue.push_back(std::move(s));
    // Wakes the thread for a first submission or a full batch; between
    // those it sleeps until the deadline.
    if (queue.size() == 1 || queued >= options.max_frames) cv.notify_one();
    return true;
  }

  void stop() {
    {
      std::lock_guard lock(m);
      stopping = true;
    }
    cv.notify_all();
    thread.join();
  }
};

}  // namespace

struct Hj212Intake::Impl {
  Hj212IntakeOptions options;
  Hj212IntakeStats stats;
  std::vector<std::unique_ptr<Lane>> lanes;
};

Hj212Intake::Hj212Intake(AqService& aq, Hj212IntakeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->options.lanes = std::max<size_t>(1, options.lanes);
  for (size_t i = 0; i < impl_->options.lanes; ++i) {
    auto& lane = impl_->lanes.emplace_back(std::make_unique<Lane>(aq, impl_->options, impl_->stats));
    lane->thread = std::thread([l = lane.get()] { l->run(); });
  }
}

Hj212Intake::~Hj212Intake() {
  for (auto& lane : impl_->lanes) lane->stop();
}

void Hj212Intake::submit(std::vector<io::Hj212Packet> packets, Done done) {
  Submission s{std::move(packets), std::move(done), Steady::now()};
  if (s.packets.empty()) return s.done({});
  // A station's frames always take the same lane: its hours are written in
  // the order they came.
  const size_t lane = std::hash<std::string_view>{}(s.packets.front().mn) % impl_->lanes.size();
  if (!impl_->lanes[lane]->submit(s)) refuse(s);
}

const Hj212IntakeStats& Hj212Intake::stats() const { return impl_->stats; }

}  // namespace lantian::app
