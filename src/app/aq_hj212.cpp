// HJ 212 packets → outcomes (AqService::take_hj212): the checks of each
// packet on its own, then the hours of those that pass stored together in
// one write transaction, so that frames arriving at once from many devices
// share a commit (app/hj212_intake.h gathers them).
#include <algorithm>
#include <unordered_map>

#include "app/aq_internal.h"
#include "app/aq_service.h"
#include "core/crypto.h"
#include "store/aq_repo.h"

namespace lantian::app {

namespace {

// The six AQI pollutants' HJ 212-2017 codes, in core/air_quality.h's order.
constexpr std::string_view kHj212Codes[kAqPollutants] = {"a21026", "a21004", "a21005",
                                                         "a05024", "a34002", "a34004"};

char flag_of(io::Hj212DataFlag f) {
  using F = io::Hj212DataFlag;
  switch (f) {
    case F::absent:  // a frame without flags reports normal readings (real micro stations send none)
    case F::normal:
      return 'N';
    case F::over_limit:
      return 'T';
    case F::stopped:
      return 'F';
    case F::maintenance:
      return 'M';
    case F::manual:
      return 'S';
    case F::calibration:
      return 'C';
    case F::comm_fault:
      return 'B';
    case F::fault:
    case F::other:
      return 'D';
  }
  return 'D';
}

}  // namespace

std::string_view name(Hj212Result r) {
  static constexpr std::string_view kNames[kHj212Results] = {
      "stored",           "acknowledged",        "refused", "unknown_station", "bad_password",
      "inactive_station", "unsupported_command", "no_time"};
  return kNames[size_t(r)];
}

namespace {

// The checks of one packet against its station (nullptr: unknown). Returns
// the outcome when the packet is settled without storing anything (dropped,
// or acknowledged only); otherwise fills `hour` with the reading to store.
std::optional<Hj212Outcome> check_packet(const io::Hj212Packet& p, const Station* s, HourReading& hour) {
  Hj212Outcome out;
  if (!s) {
    out.result = Hj212Result::unknown_station;
    return out;
  }
  if (s->hj212_password_sha256.empty() || !constant_time_equal(sha256_hex(p.pw), s->hj212_password_sha256)) {
    out.result = Hj212Result::bad_password;
    return out;
  }
  if (!s->active) {
    out.result = Hj212Result::inactive_station;
    return out;
  }
  if (p.command == io::Hj212Command::unsupported) {
    out.result = Hj212Result::unsupported_command;
    return out;
  }
  if (p.command != io::Hj212Command::hourly) {
    out.result = Hj212Result::acknowledged;
    out.reply = io::data_reply(p);
    return out;
  }
  auto end = io::hour_end(p);
  if (!end) {
    out.result = Hj212Result::no_time;
    return out;
  }
  hour.station = s->code;
  hour.hour = std::chrono::duration_cast<std::chrono::hours>(end->time_since_epoch()).count();
  for (int i = 0; i < kAqPollutants; ++i) {
    const io::Hj212Pollutant* pol = p.find(kHj212Codes[i]);
    if (!pol) continue;
    hour.flags[i] = flag_of(pol->flag);
    if (const io::Hj212Value* avg = pol->find("Avg"); avg && avg->number)
      if (auto m = io::to_milli(*avg->number); m && *m <= aq::kMilliMax) hour.milli[i] = int32_t(*m);
    if (hour.milli[i] == kAqNa && hour.flags[i] == 'N') hour.flags[i] = 0;  // nothing measured: missing
  }
  return std::nullopt;
}

}  // namespace

Result<Hj212Outcome> AqService::take_hj212(const io::Hj212Packet& p) {
  return std::move(take_hj212(std::span<const io::Hj212Packet>(&p, 1)).front());
}

std::vector<Result<Hj212Outcome>> AqService::take_hj212(std::span<const io::Hj212Packet> packets) {
  std::vector<std::string> codes;
  for (const auto& p : packets) codes.push_back(p.mn);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::vector<Station> found;
  Status read = db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(found, store::aq::stations_by_code(tx, codes));
    return {};
  });
  if (!read.ok()) return std::vector<Result<Hj212Outcome>>(packets.size(), read.error());
  std::unordered_map<std::string_view, const Station*> by_code;
  for (const auto& s : found) by_code[s.code] = &s;

  std::vector<Result<Hj212Outcome>> out(packets.size(), Hj212Outcome{});
  std::vector<HourReading> hours;
  std::vector<size_t> packet_of;  // hours[k] is packets[packet_of[k]]'s
  for (size_t i = 0; i < packets.size(); ++i) {
    auto it = by_code.find(packets[i].mn);
    HourReading h;
    if (auto settled = check_packet(packets[i], it == by_code.end() ? nullptr : it->second, h)) {
      out[i] = std::move(*settled);
      continue;
    }
    hours.push_back(std::move(h));
    packet_of.push_back(i);
  }
  if (hours.empty()) return out;

  // One transaction for all the hours: a reading that fails its checks is
  // refused alone (take_readings), but when the transaction fails none of
  // them is stored and none answered — each device sends its frame again.
  // The stations are the ones just read: a station edited in between (a
  // deactivation, a new password) applies from the next batch on.
  IngestReport rep;
  std::vector<char> rejected;
  const int64_t latest = current_hour();
  const std::string now = format_utc(clock_.now());
  Status st = db_.write([&](store::Tx& tx) -> Status {
    return take_readings(tx, hours, "hj212", now, latest, Repeats::merge, rep, &rejected, &found);
  });
  for (size_t k = 0; k < hours.size(); ++k) {
    const size_t i = packet_of[k];
    if (!st.ok()) {
      out[i] = st.error();
    } else if (rejected[k]) {
      out[i] = Hj212Outcome{Hj212Result::refused, std::nullopt};
    } else {
      out[i] = Hj212Outcome{Hj212Result::stored, io::data_reply(packets[i])};
    }
  }
  return out;
}

}  // namespace lantian::app
