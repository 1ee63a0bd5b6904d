// The demo's air quality for `lantian init --demo` (after seed_demo): the
// district's two control sites, four township/street stations, a micro
// station that may send HJ 212 frames, their hours, and the campaign's PM2.5
// and heavy-day target for the district; then the demo's past alert
// (app/demo_alerts.h).
//
// The hours are real — CNEMC's public release of Kaifeng's stations
// (tests/fixtures/aq) — replayed into the demo's December by whole days, two
// stations under their own codes and four as the demo's township stations
// (resources/demo/aq_kaifeng.csv and scripts/make-demo-aq.py say which). The
// target's baseline (98 µg/m³) and the −15 % it asks for follow the 2017–18
// campaign's rule (PM2.5 and heavy days −15 % year on year); the baseline
// value is an example, Kaifeng's own is not in the domain notes.
//
// Everything goes through AqService and AqStatsService as the office, as of
// the demo's morning (a clock at kDemoAsOf).
//
// Thread-safety: call once, on a database no one else is writing.
#pragma once

#include <cstdint>

#include "app/demo_alerts.h"
#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::app {

struct DemoAirQualitySummary {
  int64_t stations = 0;
  int64_t hours = 0;
  int64_t targets = 0;
  DemoAlertsSummary alerts;
};

// Needs the demo's units, users and emergency reduction list (seed_demo).
Result<DemoAirQualitySummary> seed_demo_air_quality(store::Database& db, store::EvidenceStore& store);

}  // namespace lantian::app
