#include "cli/alerts_cmd.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace lantian::cli {

Result<WarningStandard> load_warning_standard(const std::string& file) {
  if (file.empty())
    return parse_warning_standard(shipped_warning_standard(), "resources/alerts/warning_standard.toml");
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::invalid(file + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_warning_standard(ss.str(), file);
}

int cmd_alerts(const std::vector<std::string>& positional, const std::string& config_file) {
  if (positional.size() < 2 || positional[1] != "check" || positional.size() > 3) {
    std::fprintf(stderr, "lantian: usage: lantian alerts check [FILE]\n");
    return 1;
  }
  auto s = load_warning_standard(positional.size() == 3 ? positional[2] : config_file);
  if (!s.ok()) {
    std::fprintf(stderr, "lantian: invalid warning standard:\n%s\n", s.error().message.c_str());
    return 1;
  }
  std::printf("%s (%s): episode = AQI above %d\n", s->name.c_str(), s->label.zh.c_str(), s->episode_above);
  for (const auto& l : s->levels)
    std::printf("  %d %s %s %s, response %s, cuts %d/%d/%d/%d %%, %zu condition(s) — OK\n", l.rank,
                l.code.c_str(), l.label.zh.c_str(), l.color.c_str(), l.response.c_str(), l.reduction[0],
                l.reduction[1], l.reduction[2], l.reduction[3], l.when.size());
  return 0;
}

}  // namespace lantian::cli
