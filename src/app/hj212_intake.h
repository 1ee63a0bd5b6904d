// Hj212Intake: gathers the HJ 212 packets that the TCP sessions of many
// devices hand in at about the same time and takes them in batches — one
// AqService::take_hj212 call, so one write transaction and one commit, per
// batch — on a thread of its own: no listener thread waits for the disk,
// and one fsync serves many frames (issue 13: ≥ 20,000 frames/s).
//
// A batch starts with the oldest submission waiting and closes when it
// holds max_frames packets or that submission has waited max_wait,
// whichever comes first; under load, what queued during one commit forms
// the next batch at once. A submission (the frames of one read) is never
// split across batches; one larger than max_frames makes a batch alone.
//
// With several lanes (options.lanes), each has its own queue and thread and
// takes its batches in a transaction of its own, beside the others: on
// PostgreSQL a batch spends most of its time waiting for round trips and the
// commit, and lanes overlap those waits. A submission goes to the lane of its
// first packet's MN, so a station's frames are taken in the order they came.
//
// Each submission's callback gets one result per packet, in order, once the
// transaction holding them has ended: an outcome (its reply may be sent —
// for a stored hour the commit is durable), or an error (the database
// failed, nothing of the batch's hours is stored: send no reply, the device
// sends again). A packet refused by its own checks gets its outcome
// whatever the others of its batch do.
//
// Errors (as results): what the database returned; unavailable for the
// submissions still queued when the intake is destroyed.
// Thread-safety: submit() from any thread. Callbacks run on a lane's
// thread, one at a time per lane, in submission order within the lane
// (lanes run theirs concurrently); they must not block for long (the lane's
// next batch waits) and must not destroy the intake.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "app/aq_service.h"
#include "io/hj212.h"

namespace lantian::app {

struct Hj212IntakeOptions {
  // A few hundred frames make one commit cheap per frame without holding
  // SQLite's writer (and the first frame's device) for long.
  size_t max_frames = 256;
  // The longest a frame waits for others to join it; a device on its own
  // (the usual case: one hourly frame per station) waits this long extra.
  std::chrono::microseconds max_wait{2000};
  // Batches taken at once, each in its own transaction (at least 1). SQLite
  // writes one transaction at a time anyway; PostgreSQL overlaps them.
  size_t lanes = 1;
};

struct Hj212IntakeStats {
  std::atomic<uint64_t> batches{0};  // take_hj212 calls (write transactions, when hours were in them)
  std::atomic<uint64_t> packets{0};  // packets taken in them
};

class Hj212Intake {
 public:
  using Done = std::function<void(std::vector<Result<Hj212Outcome>>)>;

  explicit Hj212Intake(AqService& aq, Hj212IntakeOptions options = {});  // starts the thread
  // Finishes the batch in progress; the submissions still queued get
  // unavailable. No submit() may run during or after it.
  ~Hj212Intake();
  Hj212Intake(const Hj212Intake&) = delete;
  Hj212Intake& operator=(const Hj212Intake&) = delete;

  void submit(std::vector<io::Hj212Packet> packets, Done done);
  const Hj212IntakeStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::app
