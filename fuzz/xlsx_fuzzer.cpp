// Fuzz target: the .xlsx reader (io/xlsx_reader.h) and, on what it reads,
// the plan-sheet reading an import runs next (io/plan_sheet.h).
//
// Input: either the bytes of a zip file (starting "PK"), so that the zip
// layer itself is fuzzed, or, so that mutations reach the XML instead of
// breaking a CRC, the parts as text which the target zips (stored, not
// deflated) before reading:
//
//   === xl/workbook.xml
//   <workbook ...>...</workbook>
//   === xl/worksheets/sheet1.xml
//   ...
//
// A sheet that comes back must be as the header promises: cells sorted
// row-major inside the extent, within the limits, merges clipped to it.
#include <zip.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "io/plan_sheet.h"
#include "io/xlsx_reader.h"

using namespace lantian;
using namespace lantian::io;

namespace {

// "=== name\n" starts each part.
std::vector<std::pair<std::string, std::string_view>> parts(std::string_view in) {
  std::vector<std::pair<std::string, std::string_view>> out;
  constexpr std::string_view kMark = "=== ";
  if (in.substr(0, kMark.size()) != kMark) return out;
  while (!in.empty()) {
    in.remove_prefix(kMark.size());
    auto eol = in.find('\n');
    std::string name(in.substr(0, eol));
    in = eol == std::string_view::npos ? std::string_view() : in.substr(eol + 1);
    auto next = in.find("\n=== ");
    out.emplace_back(std::move(name), in.substr(0, next));
    in = next == std::string_view::npos ? std::string_view() : in.substr(next + 1);
  }
  return out;
}

// A zip of the parts, stored; "" when libzip refuses (e.g. a duplicate name).
std::string make_zip(const std::vector<std::pair<std::string, std::string_view>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  std::string out;
  bool ok = z != nullptr;
  for (size_t i = 0; ok && i < entries.size(); ++i) {
    const auto& [name, data] = entries[i];
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_int64_t idx = s ? zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      ok = false;
      break;
    }
    zip_set_file_compression(z, zip_uint64_t(idx), ZIP_CM_STORE, 0);
  }
  if (z && !ok) zip_discard(z);
  if (z && ok && zip_close(z) != 0) {
    zip_discard(z);
    ok = false;
  }
  if (ok && zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    out.resize(size_t(zip_source_tell(src)));
    zip_source_seek(src, 0, SEEK_SET);
    if (zip_source_read(src, out.data(), out.size()) != zip_int64_t(out.size())) out.clear();
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

void check_sheet(const Sheet& s, const XlsxLimits& limits) {
  FUZZ_CHECK(s.rows >= 0 && s.cols >= 0);
  FUZZ_CHECK(size_t(s.rows) <= limits.max_rows && size_t(s.cols) <= limits.max_cols);
  const Sheet::Entry* prev = nullptr;
  for (const auto& e : s.cells()) {
    FUZZ_CHECK(e.row >= 0 && e.row < s.rows && e.col >= 0 && e.col < s.cols);
    FUZZ_CHECK(e.cell.type != Cell::Type::empty);
    if (prev) FUZZ_CHECK(prev->row < e.row || (prev->row == e.row && prev->col < e.col));
    prev = &e;
    FUZZ_CHECK(&s.cell(e.row, e.col) == &e.cell);
    (void)e.cell.as_text();
    (void)s.number_format(e.cell.num_fmt_id);
  }
  for (const auto& g : s.merged) {
    FUZZ_CHECK(g.first_row <= g.last_row && g.first_col <= g.last_col);
    FUZZ_CHECK(g.first_row >= 0 && g.first_col >= 0 && g.last_row < s.rows && g.last_col < s.cols);
    FUZZ_CHECK(g.first_row != g.last_row || g.first_col != g.last_col);
  }
}

void read_plan(const Sheet& s) {
  auto h = plan::header_row(s);
  if (!h) return;
  auto m = plan::suggest_mapping(plan::header_texts(s, *h));
  auto p = plan::parse_plan(s, m);
  if (p.ok())
    for (const auto& r : p->rows) FUZZ_CHECK(r.row > p->header_row && r.row < s.rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string bytes;
  if (in.substr(0, 2) == "PK") {
    bytes.assign(in);
  } else {
    auto p = parts(in);
    if (p.empty()) return 0;
    bytes = make_zip(p);
    if (bytes.empty()) return 0;
  }
  const XlsxLimits limits;
  auto names = sheet_names(bytes, limits);
  if (!names.ok()) {
    FUZZ_CHECK(!names.error().message.empty());
    return 0;
  }
  for (int i = 0; i < int(names->size()) && i < 2; ++i) {
    auto s = read_sheet(bytes, i, limits);
    if (!s.ok()) {
      FUZZ_CHECK(!s.error().message.empty());
      continue;
    }
    check_sheet(*s, limits);
    read_plan(*s);
  }
  return 0;
}
