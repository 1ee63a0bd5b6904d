// Checks an XML text with xmllint (Debian libxml2-utils, installed by
// scripts/install-deps.sh --test): well-formed, and valid against a schema
// when one is named (the OASIS CAP 1.2 XSD in tests/fixtures/cap/).
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace lantian::test {

inline bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

// "" when xmllint accepts `xml` (against `schema`, a path, unless empty);
// else what it said.
inline std::string xmllint_problems(const std::string& xml, const std::string& schema = "") {
  namespace fs = std::filesystem;
  const fs::path file =
      fs::temp_directory_path() / ("lantian-xmllint-" + std::to_string(::getpid()) + ".xml");
  {
    std::ofstream out(file, std::ios::binary);
    out << xml;
  }
  std::string cmd = "xmllint --noout --nonet ";
  if (!schema.empty()) cmd += "--schema '" + schema + "' ";
  cmd += "'" + file.string() + "' 2>&1";
  std::string said;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "xmllint could not be started";
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) said.append(buf, n);
  const int rc = ::pclose(p);
  fs::remove(file);
  return rc == 0 ? "" : said.empty() ? "xmllint failed" : said;
}

}  // namespace lantian::test
