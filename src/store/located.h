// A record with a location, as the map (一张图) draws it: what each layer's
// query returns (ledger rows, enterprises, inspections), in WGS-84.
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <string>

#include "core/geo.h"

namespace lantian::store {

struct Located {
  int64_t id = 0;
  std::string status;  // the layer's status code (a workflow state, an enterprise status, a result)
  std::string title;   // what the marker's popup names
  std::string unit_name;
  LngLat at;
};

}  // namespace lantian::store
