// Internal to AlertService's files (alert_service.cpp, alert_forecasts.cpp):
// the current forecast of the district and the standard's decision over it,
// read in the caller's transaction.
//
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <string>
#include <vector>

#include "core/alert.h"
#include "core/warning_standard.h"
#include "store/db.h"

namespace lantian::app {

struct CurrentForecast {
  std::vector<Forecast> days;  // the latest issued per day from `today`, by day
  WarningDecision decision;    // points into warning_standard()
};
// `today`: YYYY-MM-DD (Beijing); the forecast reaches kMaxForecastDays ahead.
Result<CurrentForecast> read_current_forecast(store::Tx& tx, const std::string& today);

}  // namespace lantian::app
