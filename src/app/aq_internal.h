// Internal to AqService's files (aq_service.cpp, aq_hj212.cpp): taking
// readings of hourly data in the caller's write transaction, which ingest()
// and the batches of HJ 212 frames share.
//
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/aq_service.h"
#include "store/db.h"

namespace lantian::app {

// How readings of one (station, hour) given twice in a delivery combine:
// the last replaces the ones before (ingest(): a file, a JSON delivery), or
// each adds the pollutants it mentions to those before, as if they had come
// one after another (frames of several devices taken in one transaction: a
// monitor may send its pollutants in separate frames).
enum class Repeats { last_wins, merge };

// Takes `readings` as ingest() documents (checks per reading, idempotence
// per station-hour, a pollutant not mentioned keeps what is stored, the
// touched days of aq_days recomputed) in `tx`. `now` is received_at,
// `latest` the hour in progress. Counts into `rep`; when `rejected` is
// given it is resized to readings.size() and marks each refused reading
// (rep.issues keeps only the first ones). `stations`: the stations of the
// readings' codes as the caller read them (a batch of HJ 212 frames checks
// its packets against them first); nullptr = read here.
Status take_readings(store::Tx& tx, std::span<const HourReading> readings, std::string_view source,
                     const std::string& now, int64_t latest, Repeats repeats, IngestReport& rep,
                     std::vector<char>* rejected = nullptr, const std::vector<Station>* stations = nullptr);

}  // namespace lantian::app
