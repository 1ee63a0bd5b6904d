// What the two halves of ProblemSheetService::import share (app/problem_sheets.h):
// the file's rows below its header (problem_import.cpp reads them) and the
// plan of what to write (problem_import_check.cpp makes it, problem_import.cpp
// writes it). Not for other use cases.
//
// Thread-safety: plain values; read_rows is a pure function.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/problem_sheet_format.h"
#include "app/problem_sheets.h"
#include "app/sheet_table.h"

namespace lantian::app {

namespace problem_import {

// The file's data rows below its header, and what each column holds.
struct ReadSheet {
  std::string format;
  int header_row = 0;
  std::vector<std::string> headers;
  std::vector<std::string> mapping;  // per sheet column: a column name or ""
  struct Row {
    int number = 0;
    std::vector<SheetCell> cells;
  };
  std::vector<Row> rows;
};

// The rows of .xlsx or CSV bytes below the header row (found by
// problem_sheet::header_row; a second header row under it passed over),
// blank rows skipped, with each header's column (the first header naming a
// column wins). Errors: SheetTable::read's; file no_header_row;
// import_too_many_rows (more than ProblemSheetService::kMaxRows data rows).
Result<ReadSheet> read_rows(const std::string& bytes, const ProblemImportOptions& o);

inline std::string column_name(problem_sheet::Column c) {
  return std::string(problem_sheet::column_def(c).name);
}

}  // namespace problem_import

struct ProblemSheetService::Plan {
  ProblemImportReport report;
  struct Item {
    size_t detail = 0;          // index into report.details
    std::optional<int64_t> id;  // a problem that changes
    int64_t version = 0;        // its version when checked
    bool update = false;        // its registration changes
    ProblemInput input;         // new: all of it; changed: the registration as it will be
    std::optional<ProblemAssignment> assign;
  };
  std::vector<Item> items;  // valid rows to write
};

}  // namespace lantian::app
