// What the lantian commands share: the context a command runs in, its error
// exit, and the checks every command makes of its flags (main.cpp and the
// *_cmd.cpp files of commands that take a Context: init_cmd.h,
// serve_cmd.h).
//
// Thread-safety: command code, called from main only.
#pragma once

#include <memory>
#include <string>

#include "cli/args.h"
#include "cli/config.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/db.h"

namespace lantian::cli {

struct Context {
  Config config;
  std::unique_ptr<store::Database> db;
  OffsetClock clock;  // the system clock unless --clock-start shifts it
};

// Prints "lantian: MSG" on stderr; returns 1, the exit status.
int fail(const std::string& msg);
// fail() with the error's message, then each field error on a line of its
// own.
int fail_error(const Error& e);

// 0, or fail()'s 1 for a flag that was given without its value or never read
// (a typo: run it after the command has read its flags).
int check_unused(Args& args);

// --clock-start TIME: run as of another instant (demos of a past campaign,
// tests of deadlines). Also LANTIAN_CLOCK_START. 0, or fail()'s 1 for a
// time it cannot read.
int apply_clock_start(Context& ctx, Args& args);

// The database at `url` with its pending migrations applied (each printed
// unless quiet). Errors: the database's, a migration's.
Result<std::unique_ptr<store::Database>> open_and_migrate(const std::string& url, bool quiet = true);

}  // namespace lantian::cli
