// The workbook's parts are found the way Excel finds them, through the
// relationship files (_rels/.rels -> workbook -> its .rels -> sheets, shared
// strings, styles), because writers name sheet files freely.
#include "io/xlsx_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <new>
#include <pugixml.hpp>

#include "io/xml_util.h"
#include "io/zip_reader.h"

namespace lantian::io {

namespace {

// ---- parts and relationships -----------------------------------------------

struct Rel {
  std::string type;  // the last segment of the Type URI: "worksheet", "sharedStrings" ...
  std::string target;
};

std::string dir_of(const std::string& part) {
  auto slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

// A relationship target relative to its source part, as a zip entry name.
std::string resolve(const std::string& base_dir, const std::string& target) {
  std::string path = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string rels_path(const std::string& part) {
  return dir_of(part) + "_rels/" + part.substr(dir_of(part).size()) + ".rels";
}

// id -> relationship of `part`; empty when it has no .rels file.
Result<std::map<std::string, Rel>> read_rels(ZipReader& zip, const std::string& part) {
  std::map<std::string, Rel> rels;
  auto path = rels_path(part);
  LT_ASSIGN(auto text, zip.read(path));
  if (!text) return rels;
  pugi::xml_document doc;
  LT_TRY(parse_xml(*text, path, doc));
  for_each_child(doc.document_element(), "Relationship", [&](pugi::xml_node r) {
    if (std::string_view(r.attribute("TargetMode").value()) == "External") return;
    std::string type = r.attribute("Type").value();
    type = type.substr(type.rfind('/') + 1);
    rels[r.attribute("Id").value()] = Rel{type, resolve(dir_of(part), r.attribute("Target").value())};
  });
  return rels;
}

struct SheetEntry {
  std::string name;
  std::string path;  // zip entry; empty when the relationship is missing
};

struct Workbook {
  bool date1904 = false;
  std::vector<SheetEntry> sheets;
  std::string shared_strings;  // part paths, empty when absent
  std::string styles;
};

bool xml_true(const char* v) { return std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0; }

Result<Workbook> read_workbook(ZipReader& zip) {
  std::string part = "xl/workbook.xml";
  LT_ASSIGN(auto root_rels, read_rels(zip, ""));
  for (const auto& [id, rel] : root_rels)
    if (rel.type == "officeDocument") part = rel.target;
  LT_ASSIGN(auto text, zip.read(part));
  if (!text) return not_xlsx("it has no workbook");
  pugi::xml_document doc;
  LT_TRY(parse_xml(*text, part, doc));
  auto root = doc.document_element();
  if (local_name(root.name()) != "workbook") return not_xlsx("it has no workbook");
  LT_ASSIGN(auto rels, read_rels(zip, part));

  Workbook wb;
  wb.date1904 = xml_true(child(root, "workbookPr").attribute("date1904").value());
  for_each_child(child(root, "sheets"), "sheet", [&](pugi::xml_node s) {
    auto it = rels.find(rel_id(s));
    wb.sheets.push_back({s.attribute("name").value(), it == rels.end() ? "" : it->second.target});
  });
  for (const auto& [id, rel] : rels) {
    if (rel.type == "sharedStrings") wb.shared_strings = rel.target;
    if (rel.type == "styles") wb.styles = rel.target;
  }
  // Some writers omit these relationships; Excel still finds the parts.
  if (wb.shared_strings.empty()) wb.shared_strings = dir_of(part) + "sharedStrings.xml";
  if (wb.styles.empty()) wb.styles = dir_of(part) + "styles.xml";
  return wb;
}

// Large parts are parsed a megabyte at a time (see split_xml).
constexpr size_t kPieceBytes = 1u << 20;

// Parses `text` into doc, handing the `item` elements inside `container` to
// items(parent) instead: piece by piece when the text allows, else all at
// once from the whole document. restart() undoes what items() collected
// before a piece that failed to parse, so that the whole document is parsed
// for an error message with the right offset.
template <typename Items, typename Restart>
Status parse_in_pieces(std::string_view text, const std::string& part, std::string_view container,
                       std::string_view item, pugi::xml_document& doc, Items&& items, Restart&& restart) {
  if (auto split = split_xml(text, container, item, kPieceBytes)) {
    bool ok = parse_xml(split->outer, part, doc).ok();
    pugi::xml_document piece;
    for (size_t i = 0; ok && i < split->items.size(); ++i) {
      const auto& p = split->items[i];
      ok = bool(
          piece.load_buffer(p.data(), p.size(), kParseFlags | pugi::parse_fragment, pugi::encoding_utf8));
      if (ok) LT_TRY(items(pugi::xml_node(piece)));
    }
    if (ok) return Status::success();
    restart();
  }
  LT_TRY(parse_xml(text, part, doc));
  auto root = doc.document_element();
  return items(local_name(root.name()) == container ? root : child(root, container));
}

Result<std::vector<std::string>> read_shared_strings(ZipReader& zip, const std::string& part) {
  std::vector<std::string> out;
  LT_ASSIGN(auto text, zip.read(part));
  if (!text) return out;
  pugi::xml_document doc;
  LT_TRY(parse_in_pieces(
      *text, part, "sst", "si", doc,
      [&](pugi::xml_node parent) {
        for_each_child(parent, "si", [&](pugi::xml_node si) { out.push_back(string_item(si)); });
        return Status::success();
      },
      [&] { out.clear(); }));
  return out;
}

struct Styles {
  std::map<int, std::string> custom;  // numFmtId -> code
  std::vector<int> xf_format;         // cellXfs index -> numFmtId
  std::vector<bool> xf_date;          // cellXfs index -> shows a date
};

Result<Styles> read_styles(ZipReader& zip, const std::string& part) {
  Styles st;
  LT_ASSIGN(auto text, zip.read(part));
  if (!text) return st;
  pugi::xml_document doc;
  LT_TRY(parse_xml(*text, part, doc));
  auto root = doc.document_element();
  for_each_child(child(root, "numFmts"), "numFmt", [&](pugi::xml_node f) {
    st.custom[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
  });
  for_each_child(child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
    int id = xf.attribute("numFmtId").as_int();
    auto it = st.custom.find(id);
    st.xf_format.push_back(id);
    st.xf_date.push_back(is_date_format(id, it == st.custom.end() ? "" : it->second));
  });
  return st;
}

// ---- cells ---------------------------------------------------------------------

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// t="d" holds an ISO 8601 date ("2024-03-01" or "2024-03-01T08:00:00"); as a
// serial number it behaves like any other date cell.
std::optional<double> iso_to_serial(std::string_view s, bool date1904) {
  using namespace std::chrono;
  if (s.size() < 10) return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t pos, size_t len, int& out) {
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
  };
  if (!num(0, 4, y) || s[4] != '-' || !num(5, 2, m) || s[7] != '-' || !num(8, 2, d)) return std::nullopt;
  year_month_day ymd{year(y), month(unsigned(m)), day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  auto base = date1904 ? sys_days(year(1904) / 1 / 1) : sys_days(year(1899) / 12 / 30);
  double serial = double((sys_days(ymd) - base).count());
  if (!date1904 && serial < 61) serial -= 1;  // before Excel's phantom 1900-02-29
  if (serial < (date1904 ? 0 : 1)) return std::nullopt;
  return serial;
}

struct Context {
  const std::vector<std::string>& strings;
  const Styles& styles;
  bool date1904;
};

std::string cell_name(int row, int col) { return column_letters(col) + std::to_string(row + 1); }

// The value of <c>; an empty Cell for a styled cell with no value.
Result<Cell> read_cell(pugi::xml_node c, int row, int col, const Context& ctx) {
  Cell cell;
  std::string_view t = c.attribute("t").value();
  auto v = child(c, "v");
  const char* vtext = v.child_value();
  if (t == "inlineStr") {
    auto is = child(c, "is");
    if (!is) return cell;
    cell.type = Cell::Type::string;
    cell.text = string_item(is);
  } else if (t == "s") {
    if (!v) return cell;
    auto i = parse_number(vtext);
    if (!i || *i < 0 || *i >= double(ctx.strings.size()) || *i != std::floor(*i))
      return not_xlsx(fmt::format("cell {}: no shared string number {}", cell_name(row, col), vtext));
    cell.type = Cell::Type::string;
    cell.text = ctx.strings[size_t(*i)];
  } else if (t == "str") {
    cell.type = Cell::Type::formula_string;
    cell.text = decode_escapes(vtext);
  } else if (t == "b") {
    if (!v) return cell;
    cell.type = Cell::Type::boolean;
    cell.number = xml_true(std::string(trim(vtext)).c_str()) ? 1 : 0;
  } else if (t == "e") {
    cell.type = Cell::Type::error;
    cell.text = vtext;
  } else if (t == "d") {
    if (!v) return cell;
    if (auto serial = iso_to_serial(trim(vtext), ctx.date1904)) {
      cell.type = Cell::Type::number;
      cell.number = *serial;
      cell.is_date = true;
      cell.date1904 = ctx.date1904;
    } else {
      cell.type = Cell::Type::string;
      cell.text = vtext;
    }
  } else {  // "n", absent, or unknown
    if (!v) return cell;
    auto n = parse_number(vtext);
    if (!n) return not_xlsx(fmt::format("cell {}: \"{}\" is not a number", cell_name(row, col), vtext));
    cell.type = Cell::Type::number;
    cell.number = *n;
    cell.date1904 = ctx.date1904;
    unsigned xf = c.attribute("s").as_uint();
    if (xf < ctx.styles.xf_format.size()) {
      cell.num_fmt_id = ctx.styles.xf_format[xf];
      cell.is_date = ctx.styles.xf_date[xf];
    }
  }
  return cell;
}

Status check_limits(int row, int col, const XlsxLimits& limits) {
  if (size_t(row) >= limits.max_rows)
    return Error::make("beyond_row_limit", {{"row", std::to_string(row + 1)},
                                            {"max", std::to_string(limits.max_rows)},
                                            {"cell", cell_name(row, col)}});
  if (size_t(col) >= limits.max_cols)
    return Error::make("beyond_column_limit", {{"column", column_letters(col)},
                                               {"max", std::to_string(limits.max_cols)},
                                               {"cell", cell_name(row, col)}});
  return Status::success();
}

// Reads the <row> children of `parent` (sheetData, or a piece of it); `row`
// carries the position from piece to piece for rows without r.
Status read_rows(pugi::xml_node parent, int& row, const Context& ctx, const XlsxLimits& limits,
                 std::vector<Sheet::Entry>& out) {
  Status status;
  for_each_child(parent, "row", [&](pugi::xml_node r) {
    if (!status.ok()) return;
    if (auto a = r.attribute("r")) {
      int n = a.as_int();
      if (n < 1 || n > 1048576) {
        status = not_xlsx(fmt::format("bad row number \"{}\"", a.value()));
        return;
      }
      row = n - 1;
    } else {
      ++row;  // rows without r follow the previous one
    }
    int col = -1;
    for_each_child(r, "c", [&](pugi::xml_node c) {
      if (!status.ok()) return;
      int cell_row = row;
      if (auto a = c.attribute("r")) {
        auto ref = parse_cell_ref(a.value());
        if (!ref) {
          status = not_xlsx(fmt::format("bad cell reference \"{}\"", a.value()));
          return;
        }
        cell_row = ref->first;
        col = ref->second;
      } else {
        ++col;  // cells without r follow the previous one
      }
      if (col > 16383) {
        status = not_xlsx("a row has more than 16384 cells");
        return;
      }
      auto cell = read_cell(c, cell_row, col, ctx);
      if (!cell.ok()) {
        status = cell.take_error();
        return;
      }
      if (cell->type == Cell::Type::empty) return;
      if (status = check_limits(cell_row, col, limits); !status.ok()) return;
      out.push_back({cell_row, col, std::move(*cell)});
    });
  });
  return status;
}

Status read_merged(pugi::xml_node root, Sheet& sheet) {
  Status status;
  for_each_child(child(root, "mergeCells"), "mergeCell", [&](pugi::xml_node m) {
    if (!status.ok()) return;
    std::string_view ref = m.attribute("ref").value();
    auto colon = ref.find(':');
    auto a = parse_cell_ref(ref.substr(0, colon));
    auto b = colon == std::string_view::npos ? a : parse_cell_ref(ref.substr(colon + 1));
    if (!a || !b) {
      status = not_xlsx(fmt::format("bad merged range \"{}\"", ref));
      return;
    }
    MergedRange g{std::min(a->first, b->first), std::min(a->second, b->second), std::max(a->first, b->first),
                  std::max(a->second, b->second)};
    // Clipped to the cells that exist (and so to max_rows/max_cols): a
    // 1.5 KB "A2:A1048576" must not make its readers walk a million rows.
    // A range starting outside the values covers none; one clipped to a
    // single cell merges nothing.
    if (g.first_row >= sheet.rows || g.first_col >= sheet.cols) return;
    g.last_row = std::min(g.last_row, sheet.rows - 1);
    g.last_col = std::min(g.last_col, sheet.cols - 1);
    if (g.last_row == g.first_row && g.last_col == g.first_col) return;
    sheet.merged.push_back(g);
  });
  return status;
}

// ---- entry points ---------------------------------------------------------------

Result<ZipReader> open_zip(const std::string& bytes, const XlsxLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    auto size = human_size(bytes.size()), limit = human_size(limits.max_file_bytes);
    // "file is 50 MB; the limit is 50 MB" would puzzle; give bytes then.
    if (size == limit) {
      size = fmt::format("{} bytes", bytes.size());
      limit = fmt::format("{} bytes", limits.max_file_bytes);
    }
    return Error::make("file_too_big", {{"size", size}, {"limit", limit}});
  }
  return ZipReader::open(bytes, limits.max_uncompressed_bytes);
}

Status read_worksheet(const std::string& text, const std::string& part, const Context& ctx,
                      const XlsxLimits& limits, Sheet& sheet) {
  std::vector<Sheet::Entry> cells;
  // A cell takes 15 bytes of XML at the very least, 30-60 in practice. The
  // reservation is only address space until used.
  cells.reserve(std::min(text.size() / 32, limits.max_rows * limits.max_cols));
  int row = -1;  // carried from piece to piece for rows without r
  pugi::xml_document doc;
  LT_TRY(parse_in_pieces(
      text, part, "sheetData", "row", doc,
      [&](pugi::xml_node parent) { return read_rows(parent, row, ctx, limits, cells); },
      [&] {
        cells.clear();
        row = -1;
      }));
  if (local_name(doc.document_element().name()) != "worksheet")
    return Error::make("not_a_worksheet", {{"sheet", sheet.name}});
  sheet.set_cells(std::move(cells));
  return read_merged(doc.document_element(), sheet);
}

Result<Sheet> read_sheet_impl(const std::string& bytes, int index, const XlsxLimits& limits) {
  LT_ASSIGN(auto zip, open_zip(bytes, limits));
  LT_ASSIGN(auto wb, read_workbook(zip));
  if (index < 0 || size_t(index) >= wb.sheets.size())
    return Error::make("no_such_sheet",
                       {{"sheets", std::to_string(wb.sheets.size())}, {"sheet", std::to_string(index + 1)}});
  const auto& entry = wb.sheets[size_t(index)];
  LT_ASSIGN(auto strings, read_shared_strings(zip, wb.shared_strings));
  LT_ASSIGN(auto styles, read_styles(zip, wb.styles));
  std::optional<std::string> text;
  if (!entry.path.empty()) {
    LT_ASSIGN(text, zip.read(entry.path));
  }
  if (!text) return not_xlsx(fmt::format("sheet \"{}\" is missing", entry.name));

  Sheet sheet;
  sheet.name = entry.name;
  sheet.date1904 = wb.date1904;
  sheet.custom_formats = styles.custom;
  LT_TRY(read_worksheet(*text, entry.path, Context{strings, styles, wb.date1904}, limits, sheet));
  return sheet;
}

// Nothing may escape as an exception: allocation failure on a huge sheet is
// the likely one.
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return Error::make("workbook_too_large");
  } catch (const std::exception& e) {
    return Error::internal(fmt::format("reading the workbook: {}", e.what()));
  }
}

}  // namespace

Result<std::vector<std::string>> sheet_names(const std::string& bytes, const XlsxLimits& limits) {
  return guarded([&]() -> Result<std::vector<std::string>> {
    LT_ASSIGN(auto zip, open_zip(bytes, limits));
    LT_ASSIGN(auto wb, read_workbook(zip));
    std::vector<std::string> names;
    for (const auto& s : wb.sheets) names.push_back(s.name);
    return names;
  });
}

Result<Sheet> read_sheet(const std::string& bytes, int index, const XlsxLimits& limits) {
  return guarded([&] { return read_sheet_impl(bytes, index, limits); });
}

}  // namespace lantian::io
