// `lantian db copy --from URL --to URL [--force]`: moves a whole installation
// between databases (SQLite to PostgreSQL and back), see store/db_copy.h.
#pragma once

namespace lantian::cli {

// Runs the `db` command from the full command line (its flags are parsed
// here, --force being one without a value). Prints a per-table report;
// returns the exit code: 0 copied and verified, 1 nothing copied (bad
// arguments, target not empty, any error: the target is unchanged), 2 copied
// but verification failed (checksum mismatch or a broken audit chain).
int run_db_command(int argc, char** argv);

}  // namespace lantian::cli
