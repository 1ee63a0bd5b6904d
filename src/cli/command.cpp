#include "cli/command.h"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "store/migrations.h"

namespace lantian::cli {

int fail(const std::string& msg) {
  std::fprintf(stderr, "lantian: %s\n", msg.c_str());
  return 1;
}

int fail_error(const Error& e) {
  std::string m = e.message;
  for (const auto& f : e.fields) m += "\n  " + f.field + ": " + f.message;
  return fail(m);
}

int apply_clock_start(Context& ctx, Args& args) {
  std::optional<std::string> v = args.get("clock-start");
  if (!v) {
    if (const char* e = std::getenv("LANTIAN_CLOCK_START"); e && *e) v = e;
  }
  if (!v) return 0;
  auto t = parse_time(*v);
  if (!t) return fail("--clock-start must be a time like 2017-11-20T09:00:00+08:00, not \"" + *v + "\"");
  ctx.clock.start_at(*t);
  return 0;
}

Result<std::unique_ptr<store::Database>> open_and_migrate(const std::string& url, bool quiet) {
  LT_ASSIGN(auto db, store::open_database(url));
  LT_ASSIGN(auto applied, store::migrate(*db));
  if (!quiet)
    for (const auto& m : applied) std::printf("applied %s\n", m.c_str());
  return db;
}

int check_unused(Args& args) {
  if (!args.missing_value.empty()) return fail("--" + args.missing_value + " needs a value");
  auto u = args.unused();
  if (!u.empty()) return fail("unknown option " + u.front() + " (see lantian --help)");
  return 0;
}

}  // namespace lantian::cli
