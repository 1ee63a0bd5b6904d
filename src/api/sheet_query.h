// The query parameters every sheet import reads alike (POST
// /api/v1/ledgers/{type}/import, /problems/import, /enterprises/import):
//   filename   shown in the audit (and problem histories); decides nothing
//   dry_run    true/1: check and report, write nothing (default false)
//   datum      wgs84 | gcj02 | bd09: the datum of the file's coordinates
//              (default wgs84)
//   delimiter  tab | comma: a CSV file's delimiter (default: guessed)
//   map.N      name: sheet column N (0-based) is read as the column `name`
//              ("" = ignored), for the imports that let a user map headers
//
// Errors: query_unknown_value naming the parameter and the value; Query's own
// for a dry_run that is not a boolean. Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>

#include "api/query.h"
#include "core/error.h"
#include "core/geo.h"

namespace lantian::api {

Result<Datum> read_datum(const Query& q);
// 0 when absent (the reader guesses).
Result<char> read_delimiter(const Query& q);
Result<std::map<int, std::string>> read_column_mapping(const Query& q);

// Sets o.filename, o.dry_run, o.datum and o.delimiter from the query: the
// import options of app/ledger_sheets.h, app/problem_sheets.h and
// app/enterprise_sheets.h share these members.
template <typename Options>
Status read_sheet_options(const Query& q, Options& o) {
  o.filename = q.str("filename");
  LT_ASSIGN(o.dry_run, q.boolean("dry_run", false));
  LT_ASSIGN(o.datum, read_datum(q));
  LT_ASSIGN(o.delimiter, read_delimiter(q));
  return {};
}

}  // namespace lantian::api
