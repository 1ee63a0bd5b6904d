// The error-code catalogue (core/error_codes.h) against its copies: the
// ErrorCode enum in docs/openapi.yaml, and every code the source raises by
// name. (web/src/i18n/errors.test.js checks the translations.)
#include "core/error_codes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace lantian {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ErrorCodes, CatalogueIsWellFormed) {
  std::set<std::string_view> seen;
  std::regex slug("^[a-z][a-z0-9_]*$");
  for (const auto& d : error_codes()) {
    EXPECT_TRUE(seen.insert(d.code).second) << "duplicate code " << d.code;
    EXPECT_TRUE(std::regex_match(std::string(d.code), slug)) << d.code;
    EXPECT_FALSE(d.en.empty()) << d.code;
    // Every placeholder of the template is a declared parameter.
    std::string en(d.en), params = "," + std::string(d.params) + ",";
    std::regex ph("\\{(\\w+)\\}");
    for (std::sregex_iterator it(en.begin(), en.end(), ph), end; it != end; ++it)
      EXPECT_NE(params.find("," + (*it)[1].str() + ","), std::string::npos)
          << d.code << " names {" << (*it)[1] << "} but declares " << d.params;
  }
}

TEST(ErrorCodes, RenderFillsParametersAndKeepsUnknownOnes) {
  EXPECT_EQ(render_template("must be at most {max} characters", {{"max", "20"}}),
            "must be at most 20 characters");
  EXPECT_EQ(render_template("{a} and {b}", {{"a", "1"}}), "1 and {b}");
  Error e = Error::make("sum_mismatch", {{"expected", "10"}, {"actual", "9"}});
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  EXPECT_EQ(e.code, "sum_mismatch");
  EXPECT_EQ(e.message, "the subtasks' targets add up to 9, but the parent's target is 10");
  EXPECT_EQ(Error::make("stale_version", {{"version", "3"}}).kind, ErrorKind::conflict);
  // An unregistered code is a bug the API shows as a 500 with its own code.
  Error bad = Error::make("no_such_code_at_all");
  EXPECT_EQ(bad.kind, ErrorKind::internal);
  EXPECT_EQ(bad.code, "unregistered_code");
  EXPECT_EQ(issue("no_such_code_at_all").code, "unregistered_code");
  Issue i = issue("too_long", {{"max", "40"}});
  FieldError f{"name", i};
  EXPECT_EQ(f.code, "too_long");
  EXPECT_EQ(f.message, "must be at most 40 characters");
}

TEST(ErrorCodes, OpenApiDocumentsExactlyTheCatalogue) {
  std::string doc = read(LANTIAN_SOURCE_DIR "/docs/openapi.yaml");
  auto b = doc.find("# BEGIN error codes"), e = doc.find("# END error codes");
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::set<std::string> documented;
  std::istringstream in(doc.substr(b, e - b));
  std::string line;
  std::regex item("^\\s*- ([a-z0-9_]+)");
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, item)) documented.insert(m[1]);
  std::set<std::string> catalogue;
  for (const auto& d : error_codes()) catalogue.insert(std::string(d.code));
  for (const auto& c : catalogue)
    EXPECT_TRUE(documented.count(c)) << c << " is not in openapi.yaml (run scripts/sync-error-codes.py)";
  for (const auto& c : documented)
    EXPECT_TRUE(catalogue.count(c)) << c << " is documented but not in the catalogue";
}

// Codes raised by name anywhere in src/ must be in the catalogue, even on
// paths no test reaches.
TEST(ErrorCodes, EveryCodeRaisedInTheSourceIsRegistered) {
  // Error::make("code"...), issue("code"...), Error::field(name, "code", {params}).
  std::regex use(
      R"re((?:(?:Error::make|\bissue)\(|Error::field\([^;]*?,\s*)"([a-z][a-z0-9_]*)"(?:\)|,\s*\{))re");
  int found = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(LANTIAN_SOURCE_DIR "/src")) {
    if (f.path().extension() != ".cpp" && f.path().extension() != ".h") continue;
    std::string text = read(f.path());
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it) {
      std::string code = (*it)[1];
      ++found;
      EXPECT_NE(find_error_code(code), nullptr)
          << f.path().filename() << " raises unregistered code " << code;
    }
  }
  EXPECT_GT(found, 10);
}

}  // namespace
}  // namespace lantian
