// The canonical hourly file (io/aq_csv.h, format canonical):
// station,time,so2,no2,co,o3,pm10,pm25 and nothing else, time the end of
// the hour (parse_hour_end), no published values.
#include "io/aq_csv_internal.h"

namespace lantian::io::aq_csv_detail {
namespace {

constexpr StationFormat kCanonical = {
    .format = AqCsvFormat::canonical,
    .layout = {{"so2", "no2", "co", "o3", "pm10", "pm25"}, {}, {}},
    .station = "station",
    .time = "time",
};

}  // namespace

Result<AqHours> read_canonical(CsvSplitter& split, size_t expected_rows) {
  Header header(split.cells());
  LT_ASSIGN(auto rows, find_columns(header, kCanonical));
  if (header.width() != 8)
    return at(1, "the canonical header is station,time,so2,no2,co,o3,pm10,pm25 and nothing else");
  return read_station_rows(split, rows, expected_rows);
}

}  // namespace lantian::io::aq_csv_detail
