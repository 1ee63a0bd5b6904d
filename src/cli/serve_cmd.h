// `lantian serve [--listen HOST:PORT] [--hj212-listen HOST:PORT] [--web-root
// DIR] [--threads N] [--log-level L] [--trusted-proxy IP]... [--clock-start
// TIME] [--pool-threads N] [--pool-queue N] [--pool-nice N]
// [--max-connections N]`: the API and the web app over HTTP, HJ 212 devices
// on their own port when configured, and the background jobs on the leader
// instance (jobs/leader.h). Flags override ctx.config (cli/config.h).
//
// Before it listens: the open-file limit raised to the hard limit, the
// database migrated and watched for failing writes (/healthz, /metrics, the
// log), the evidence store opened (legacy attachment bytes moved into it),
// libvips initialised, the holiday calendar seeded if empty. A missing web
// app is a warning: the API is served alone.
//
// Runs until SIGINT or SIGTERM, then stops the jobs and ends the leader's
// session. Errors (on stderr as "lantian: …", exit status 1; a database
// that cannot be used also in the log): an unknown flag or log level, a bad
// --listen or --clock-start, a webhook URL that is not http://, and any
// failure to open the database or evidence store, build the map or listen.
//
// Thread-safety: a command; call from main only.
#pragma once

#include "cli/command.h"

namespace lantian::cli {

// The exit status: 0 after a signal stopped the server, 1 on an error.
int cmd_serve(Context& ctx, Args& args);

}  // namespace lantian::cli
