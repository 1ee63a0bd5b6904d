// HJ 212-2017 over TCP for `lantian serve` ([hj212] listen / --hj212-listen):
// a TcpListener (http/tcp_listener.h) whose sessions cut the byte stream
// into frames (io::Hj212Decoder: garbage and half frames survive), parse
// each packet and hand the packets of each read to an app::Hj212Intake,
// which stores those of many connections in one transaction
// (AqService::take_hj212: MN and PW checked there, per packet); each
// session sends its answers, when the device asked for them, once the
// transaction committed — none when it failed. Bad frames, refused packets,
// what became of each and the batches are counted in /metrics
// (lantian_hj212_*) and logged at debug.
//
// Errors: make_hj212_listener() returns what TcpListener::listen() does, or
// invalid for an address that is not HOST:PORT.
// Thread-safety: as TcpListener.
#pragma once

#include <memory>
#include <string>

#include "app/aq_service.h"
#include "http/tcp_listener.h"

namespace lantian::obs {
class Logger;
class Metrics;
}  // namespace lantian::obs

namespace lantian::cli {

// The intake's lanes on PostgreSQL (app/hj212_intake.h): a batch there waits
// on round trips and its commit most of the time, and four overlap those
// waits (docs/benchmarks.md, issue 13: 6.0 → 10.9 thousand frames/s; eight
// were no faster on two cores). SQLite takes one.
inline constexpr size_t kHj212PgLanes = 4;

// `lanes`: the intake's lanes.
Result<std::unique_ptr<http::TcpListener>> make_hj212_listener(const std::string& listen, app::AqService& aq,
                                                               obs::Logger* logger, obs::Metrics* metrics,
                                                               size_t lanes = 1);

}  // namespace lantian::cli
