// The JSON of air-quality values, shared by the air-quality routes
// (aq_routes.cpp, aq_stats_routes.cpp): concentrations in their units
// (µg/m³; CO mg/m³) as the CNEMC release publishes them, hours named by their
// end in Beijing time, and an AQI with what the web shows of it (level,
// category, colour), so the web never looks a level up itself.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "app/aq_service.h"
#include "aq/stats.h"
#include "core/air_quality.h"

namespace lantian::api {

// A value in thousandths → a number in its unit; null for missing.
boost::json::value milli_json(int32_t v);
boost::json::object station_json(const Station& s);
// {"aqi", "level", "category", "colour"}: nulls when not published.
boost::json::object aqi_json(aq::Index aqi);
// One stored hour with its hourly AQI (aqi_json's keys, primary, the six
// values and their flags).
boost::json::object hour_json(const app::HourView& v);
// The six levels of HJ 633 (range, category, colour), for a legend.
boost::json::array levels_json();
// An entity's day: date, aqi_json's keys, primary, the seven daily items.
boost::json::object day_values_json(const aq::DayValues& d);

}  // namespace lantian::api
