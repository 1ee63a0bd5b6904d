// The demo's heavy-pollution alert (重污染天气预警) for `lantian init --demo`
// (after seed_demo and seed_demo_air_quality): the forecast of 2017-12-14
// for the 15th to the 17th (two days above AQI 200), the yellow alert the
// office issued on it for the 16th — which opened a spot check for every
// source on the emergency reduction list — two of them checked on site by
// the inspector on the 16th and found compliant, and the lift on the
// evening of the 17th.
//
// So on the demo's morning (2017-12-20) the console shows an alert's whole
// history, its CAP messages and notices and a partly checked spot-check
// list, while no forecast covers the 18th or later: the office starts from
// "no forecast" and issues a new alert itself (tests/browser/alerts.test.mjs,
// tests/api/alerts_test.cpp, whose day is the 18th).
// The forecast values are examples, not Kaifeng's forecasts of the time.
//
// Everything goes through AlertService, SpotCheckService and
// InspectionService as the office and the inspector would, each step at its
// own time on a manual clock.
//
// Thread-safety: call once, on a database no one else is writing.
#pragma once

#include <cstdint>

#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::app {

struct DemoAlertsSummary {
  int64_t forecasts = 0;
  int64_t alerts = 0;
  int64_t spot_checks = 0, checked = 0;
};

// Needs the demo's users and emergency reduction list (seed_demo).
Result<DemoAlertsSummary> seed_demo_alerts(store::Database& db, store::EvidenceStore& store);

}  // namespace lantian::app
