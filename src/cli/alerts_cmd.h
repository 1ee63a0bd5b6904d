// The deployment's heavy-pollution warning standard (core/warning_standard.h):
// lantian.toml [alerts] standard = "/path/standard.toml" (or
// LANTIAN_ALERT_STANDARD) replaces the shipped 2017 unified standard, and
// `lantian alerts check [FILE]` validates one and prints its levels.
//
// Thread-safety: call at start, before other threads run.
#pragma once

#include <string>
#include <vector>

#include "core/warning_standard.h"

namespace lantian::cli {

// The standard in `file`, or the shipped one when `file` is "". Errors:
// invalid naming an unreadable file, and every problem with its line and
// column.
Result<WarningStandard> load_warning_standard(const std::string& file);

// `lantian alerts check [FILE]` (FILE default: the configured one): 0 when
// valid (prints the levels), 1 with the problems on stderr.
int cmd_alerts(const std::vector<std::string>& positional, const std::string& config_file);

}  // namespace lantian::cli
