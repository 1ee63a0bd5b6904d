// An alert as an OASIS Common Alerting Protocol 1.2 message (CAP-V1.2,
// http://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html): the
// <alert> element with its <info> blocks and <area>s, in the element order
// the schema requires, written with pugixml (every text escaped). The caller
// fills the values; this writer only shapes them: times as CAP's dateTime
// with an explicit offset (cap_time), polygons as "lat,lon" pairs with the
// ring closed (cap_polygon), references as "sender,identifier,sent".
//
// tests/io/cap_test.cpp validates the output against the OASIS CAP 1.2 XSD
// (tests/fixtures/cap/) with xmllint.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/geo.h"

namespace lantian::io {

struct CapArea {
  std::string desc;                                           // <areaDesc>
  std::vector<Ring> polygons;                                 // WGS-84 outer rings
  std::vector<std::pair<std::string, std::string>> geocodes;  // valueName, value
};

struct CapInfo {
  std::string language;  // "zh-CN"
  std::string category = "Env";
  std::string event;
  std::string response_type;  // "" = none; Prepare, Execute, Monitor, AllClear, …
  std::string urgency, severity, certainty;
  std::vector<std::pair<std::string, std::string>> event_codes;  // valueName, value
  std::string effective, expires;                                // cap_time(); "" = left out
  std::string sender_name, headline, description, instruction, web;
  std::vector<std::pair<std::string, std::string>> parameters;
  std::vector<CapArea> areas;
};

// A message this one updates or cancels.
struct CapReference {
  std::string sender, identifier, sent;
};

struct CapMessage {
  std::string identifier;  // unique per sender: no spaces, commas or < &
  std::string sender;
  std::string sent;  // cap_time()
  std::string status = "Actual";
  std::string msg_type = "Alert";  // Alert, Update, Cancel
  std::string scope = "Public";
  std::string note;
  std::vector<CapReference> references;
  std::vector<CapInfo> infos;
};

// The message as an XML document (UTF-8, with its declaration).
std::string write_cap(const CapMessage& m);

// "2017-12-18T10:00:00+08:00": the instant in China Standard Time, as CAP
// wants it (seconds, an offset, never "Z").
std::string cap_time(TimePoint t);

// "34.78,114.35 34.77,114.36 … 34.78,114.35": latitude first, the first
// point repeated at the end, 6 decimals (about 10 cm).
std::string cap_polygon(const Ring& ring);

}  // namespace lantian::io
