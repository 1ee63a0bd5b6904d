// `lantian init [--demo] [--admin-password PW] [--logins-file FILE]
// [--clock-start TIME]`: creates the database (migrated, the shipped
// holiday calendar) with its first logins — an admin alone, or with --demo
// the 禹王台区 demo: its units and users, the 2017–18 campaign played forward
// (app/demo_campaign.h), ledgers, supervision problems, the enterprise
// registry and the air quality (app/demo_*.h).
//
// Prints "Logins for DB:" with a line per login (username, password, role,
// unit) and, with --demo, a summary line per part of the demo; writes the
// same text to FILE (owner read/write only) when given. The admin password
// is generated unless given, and must pass the password policy.
//
// Errors (on stderr as "lantian: …", exit status 1): an unknown flag, a bad
// --clock-start, a password the policy refuses, a database that already
// has users, and any failure to migrate or seed. A SQLite file that init
// created is removed when seeding fails, so no half-seeded database is left.
//
// Thread-safety: a command; call from main only.
#pragma once

#include "cli/command.h"

namespace lantian::cli {

// The exit status: 0 initialised, 1 not (the reason on stderr).
int cmd_init(Context& ctx, Args& args);

}  // namespace lantian::cli
