// Hand-built .xlsx files for the reader tests: the minimal parts written out
// as XML and zipped in memory with libzip, so each test shows exactly what
// the reader is given (and no Python or Excel is needed to make fixtures).
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace lantian::io::testing {

using Entries = std::vector<std::pair<std::string, std::string>>;

// A zip archive holding `entries` (deflated, or stored when store is true).
inline std::string make_zip(const Entries& entries, bool store = false) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);  // read the archive back after zip_close
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_int64_t idx = zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(idx, 0) << name;
    if (store) zip_set_file_compression(z, zip_uint64_t(idx), ZIP_CM_STORE, 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::string out;
  EXPECT_EQ(zip_source_open(src), 0);
  zip_source_seek(src, 0, SEEK_END);
  out.resize(size_t(zip_source_tell(src)));
  zip_source_seek(src, 0, SEEK_SET);
  EXPECT_EQ(zip_source_read(src, out.data(), out.size()), zip_int64_t(out.size()));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

inline const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

struct FixtureSheet {
  std::string name;
  std::string target;  // as written in workbook.xml.rels, relative to xl/
  std::string xml;     // the whole part; see worksheet() for the usual shape
  std::string entry;   // the zip entry when it is not xl/ + target
};

// <worksheet> around sheetData contents (rows) and optional trailing parts.
inline std::string worksheet(const std::string& rows, const std::string& after = "") {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") +
         kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><sheetData>" + rows + "</sheetData>" + after +
         "</worksheet>";
}

struct Fixture {
  std::vector<FixtureSheet> sheets;
  std::string shared_strings;  // <si> items; no part when empty
  std::string styles;          // whole styles.xml; no part when empty
  bool date1904 = false;

  Entries entries() const {
    Entries e;
    e.push_back({"[Content_Types].xml",
                 "<?xml version=\"1.0\"?><Types "
                 "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"});
    e.push_back(
        {"_rels/.rels", std::string("<?xml version=\"1.0\"?><Relationships xmlns=\"") + kPkgRelNs +
                            "\"><Relationship Id=\"rId1\" "
                            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                            "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"});
    std::string wb = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" +
                     kRelNs + "\">" + (date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") +
                     "<sheets>";
    std::string rels = std::string("<?xml version=\"1.0\"?><Relationships xmlns=\"") + kPkgRelNs + "\">";
    const std::string type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    for (size_t i = 0; i < sheets.size(); ++i) {
      // Ids in reverse order, so nothing can work by matching positions.
      std::string id = "rId" + std::to_string(10 + sheets.size() - i);
      wb += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"" + id +
            "\"/>";
      rels += "<Relationship Id=\"" + id + "\" Type=\"" + type + "worksheet\" Target=\"" + sheets[i].target +
              "\"/>";
      e.push_back({sheets[i].entry.empty() ? "xl/" + sheets[i].target : sheets[i].entry, sheets[i].xml});
    }
    wb += "</sheets></workbook>";
    if (!shared_strings.empty()) {
      rels += "<Relationship Id=\"rId1\" Type=\"" + type + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
      e.push_back({"xl/sharedStrings.xml", std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kMainNs +
                                               "\">" + shared_strings + "</sst>"});
    }
    if (!styles.empty()) {
      rels += "<Relationship Id=\"rId2\" Type=\"" + type + "styles\" Target=\"styles.xml\"/>";
      e.push_back({"xl/styles.xml", styles});
    }
    rels += "</Relationships>";
    e.push_back({"xl/workbook.xml", wb});
    e.push_back({"xl/_rels/workbook.xml.rels", rels});
    return e;
  }

  std::string zip() const { return make_zip(entries()); }
};

// One sheet named "Sheet1" stored as xl/worksheets/sheet1.xml.
inline Fixture one_sheet(const std::string& rows, const std::string& after = "") {
  Fixture f;
  f.sheets.push_back({"Sheet1", "worksheets/sheet1.xml", worksheet(rows, after)});
  return f;
}

// Overwrites every "uncompressed size" field (local header and central
// directory) of the archive's entries named `name` with `size`.
inline void forge_uncompressed_size(std::string& zip, const std::string& name, uint32_t size) {
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) zip[at + i] = char((v >> (8 * i)) & 0xFF);
  };
  auto get16 = [&](size_t at) { return unsigned(uint8_t(zip[at])) | unsigned(uint8_t(zip[at + 1])) << 8; };
  for (size_t i = 0; i + 46 < zip.size(); ++i) {
    if (zip.compare(i, 4, "PK\x03\x04") == 0 && zip.compare(i + 30, name.size(), name) == 0 &&
        get16(i + 26) == name.size())
      put32(i + 22, size);
    if (zip.compare(i, 4, "PK\x01\x02") == 0 && zip.compare(i + 46, name.size(), name) == 0 &&
        get16(i + 28) == name.size())
      put32(i + 24, size);
  }
}

}  // namespace lantian::io::testing
