// The lantian command: its usage, the command table (run) and the small
// administration commands. The larger commands have files of their own:
// serve_cmd, init_cmd, aqi_cmd, db_copy_cmd, alerts_cmd, workflows_cmd.
#include <cstdio>
#include <filesystem>

#include "app/calendar_service.h"
#include "cli/alerts_cmd.h"
#include "cli/aqi_cmd.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/config.h"
#include "cli/evidence_cli.h"
#include "cli/init_cmd.h"
#include "cli/serve_cmd.h"
#include "cli/workflows_cmd.h"
#include "core/crypto.h"
#include "core/version.h"
#include "store/audit_repo.h"
#include "store/migrations.h"
#include "store/postgres_db.h"
#include "store/sqlite_db.h"
#include "store/users_repo.h"

namespace lantian::cli {
namespace {

constexpr const char* kUsage = R"(lantian — air-pollution campaign command platform

Usage: lantian [--db DB] [--config FILE] COMMAND [options]

Commands:
  serve [--listen HOST:PORT] [--hj212-listen HOST:PORT] [--web-root DIR] [--threads N] [--log-level L]
        [--trusted-proxy IP]... [--clock-start TIME] [--pool-threads N]
        [--pool-queue N] [--pool-nice N] [--max-connections N]
                         serve the API and web app (default 127.0.0.1:8080)
  init [--demo] [--admin-password PW] [--logins-file FILE] [--clock-start TIME]
                         create the database; --demo adds 禹王台区 demo data
  migrate                apply pending schema migrations
  user add USERNAME --name NAME --unit UNIT_ID --role ROLE [--role ROLE]
           [--phone PHONE] [--position TEXT] [--password PW]
  user passwd USERNAME [--password PW]   set a password (generated if absent)
  user disable USERNAME
  backup FILE            write a consistent copy of the database (online;
                         PostgreSQL: pg_dump custom format), and the
                         evidence files to FILE.evidence/ (file store);
                         reads SQLite read-only, so a backup on read-only
                         media can be copied again
  restore FILE           replace the database with a backup (stop the server first)
  audit verify           check the audit log's hash chain (read-only: also
                         a backup on read-only media)
  evidence sweep [--grace-hours N] [--apply]
                         list the evidence files no record names, written
                         more than N hours ago (default 72); --apply removes
                         them (file store only)
  workflows check [DIR]  validate the workflow definitions (shipped ones with
                         DIR's or [workflows] dir's overrides)
  ledgers check [DIR]    validate the ledger types (shipped ones with DIR's or
                         [ledgers] dir's) against the workflows
  alerts check [FILE]    validate a heavy-pollution warning standard (default
                         [alerts] standard's, else the shipped one)
  aqi hourly|daily [--edition auto|2012|2026] IN.csv
                         the AQI (HJ 633) of every station-hour or
                         station-day of a CNEMC, quotsoft or canonical CSV
                         file, as CSV on stdout
  db copy --from URL --to URL [--force]
          [--from-evidence DIR] [--to-evidence DIR]
                         copy the whole installation to another database
                         (SQLite <-> PostgreSQL), verified by checksums,
                         with its evidence files (each side's store by the
                         default rule unless given); --force replaces the
                         target's data
  --version              print the version

Global options:
  --db DB        sqlite:PATH, a path (default data/lantian.db) or
                 postgres://USER@HOST:PORT/DBNAME; env LANTIAN_DB
  --evidence-dir DIR
                 where report files are kept: a folder or "database"
                 (default: DB.evidence beside SQLite, the database for
                 PostgreSQL); env LANTIAN_EVIDENCE_DIR
  --config FILE  lantian.toml (default ./lantian.toml if present)
)";

int cmd_migrate(Context& ctx, Args& args) {
  if (int rc = check_unused(args)) return rc;
  auto db = store::open_database(ctx.config.db_url);
  if (!db.ok()) return fail_error(db.error());
  auto applied = store::migrate(**db);
  if (!applied.ok()) return fail_error(applied.error());
  if (applied->empty()) std::printf("schema is up to date\n");
  for (const auto& m : *applied) std::printf("applied %s\n", m.c_str());
  app::CalendarService calendar(**db, ctx.clock);
  if (auto st = calendar.seed_if_empty(); !st.ok()) return fail_error(st.error());
  auto ev = open_configured_evidence(ctx.config, **db);
  if (!ev.ok()) return fail_error(ev.error());
  if (auto st = move_legacy_evidence(**db, **ev, ctx.clock, false); !st.ok()) return fail_error(st.error());
  return 0;
}

Result<User> find_user(store::Database& db, const std::string& username) {
  std::optional<User> u;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(u, store::users::get_by_username(tx, username));
    return {};
  }));
  if (!u) return Error::not_found("no user named '" + username + "'");
  return *u;
}

int cmd_user(Context& ctx, Args& args) {
  if (args.positional.size() < 3) return fail("usage: lantian user add|passwd|disable USERNAME [options]");
  const std::string& sub = args.positional[1];
  const std::string& username = args.positional[2];
  app::UserInput in;
  std::optional<std::string> password;
  if (sub == "add") {
    in.username = username;
    in.name = args.get("name");
    if (auto unit = args.get("unit")) in.unit_id = std::atoll(unit->c_str());
    auto roles = args.all("role");
    if (!roles.empty()) in.roles = roles;
    in.phone = args.get("phone");
    in.position = args.get("position");
    in.password = args.get("password");
  } else if (sub == "passwd") {
    password = args.get("password");
  } else if (sub != "disable") {
    return fail("unknown user command '" + sub + "' (add, passwd or disable)");
  }
  if (int rc = check_unused(args)) return rc;
  auto db = open_and_migrate(ctx.config.db_url);
  if (!db.ok()) return fail_error(db.error());
  app::AccountService accounts(**db, ctx.clock, ctx.config.auth);
  app::Actor sys = app::Actor::system("cli");
  if (sub == "add") {
    auto r = accounts.create(sys, in);
    if (!r.ok()) return fail_error(r.error());
    std::printf("created user %s (id %lld)\n", r->user.username.c_str(), (long long)r->user.id);
    if (!r->initial_password.empty())
      std::printf("initial password: %s (must be changed at first login)\n", r->initial_password.c_str());
    return 0;
  }
  auto u = find_user(**db, username);
  if (!u.ok()) return fail_error(u.error());
  if (sub == "passwd") {
    auto r = accounts.reset_password(sys, u->id, password);
    if (!r.ok()) return fail_error(r.error());
    if (!password)
      std::printf("new password: %s (must be changed at next login)\n", r->c_str());
    else
      std::printf("password set for %s\n", username.c_str());
    return 0;
  }
  auto r = accounts.set_disabled(sys, u->id, u->version, true);
  if (!r.ok()) return fail_error(r.error());
  std::printf("disabled user %s\n", username.c_str());
  return 0;
}

int cmd_backup(Context& ctx, Args& args) {
  if (args.positional.size() != 2) return fail("usage: lantian backup FILE");
  if (int rc = check_unused(args)) return rc;
  // Read-only: an archived backup on read-only media can be copied too.
  auto db = store::open_database_read_only(ctx.config.db_url);
  if (!db.ok()) return fail_error(db.error());
  if (auto st = (*db)->backup_to(args.positional[1]); !st.ok()) return fail_error(st.error());
  std::printf("backup written to %s\n", args.positional[1].c_str());
  // Every row in the backup has its file already (files are written first).
  auto ev = open_configured_evidence(ctx.config, **db);
  if (!ev.ok()) return fail_error(ev.error());
  if (auto st = backup_evidence(**db, **ev, args.positional[1]); !st.ok()) return fail_error(st.error());
  return 0;
}

int cmd_evidence(Context& ctx, Args& args) {
  if (args.positional.size() != 2 || args.positional[1] != "sweep")
    return fail("usage: lantian evidence sweep [--grace-hours N] [--apply]");
  long hours = 72;
  if (auto g = args.get("grace-hours")) {
    char* end = nullptr;
    hours = std::strtol(g->c_str(), &end, 10);
    if (g->empty() || *end || hours < 1 || hours > 24 * 365) return fail("--grace-hours must be 1..8760");
  }
  const bool apply = args.has("apply");
  if (int rc = check_unused(args)) return rc;
  auto db = store::open_database(ctx.config.db_url);
  if (!db.ok()) return fail_error(db.error());
  auto ev = open_configured_evidence(ctx.config, **db);
  if (!ev.ok()) return fail_error(ev.error());
  if (auto st = sweep_evidence(**db, **ev, ctx.clock, std::chrono::hours(hours), apply); !st.ok())
    return fail_error(st.error());
  return 0;
}

int cmd_restore(Context& ctx, Args& args) {
  if (args.positional.size() != 2) return fail("usage: lantian restore FILE");
  if (int rc = check_unused(args)) return rc;
  const std::string& from = args.positional[1];
  if (!std::filesystem::exists(from)) return fail("no such backup file: " + from);
  std::string url = ctx.config.db_url;
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  bool postgres = url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
  if (auto st = postgres ? store::postgres_restore(from, url) : store::sqlite_restore(from, path); !st.ok())
    return fail_error(st.error());
  // The restored file may predate the binary's schema.
  auto db = open_and_migrate(url, false);
  if (!db.ok()) return fail_error(db.error());
  auto ev = open_configured_evidence(ctx.config, **db);
  if (!ev.ok()) return fail_error(ev.error());
  if (auto st = move_legacy_evidence(**db, **ev, ctx.clock, false); !st.ok()) return fail_error(st.error());
  if (auto st = restore_evidence(**db, **ev, from); !st.ok()) return fail_error(st.error());
  std::printf("restored %s from %s\n", path.c_str(), from.c_str());
  return 0;
}

int cmd_audit(Context& ctx, Args& args) {
  if (args.positional.size() != 2 || args.positional[1] != "verify")
    return fail("usage: lantian audit verify");
  if (int rc = check_unused(args)) return rc;
  // Read-only: a backup is verified where it is stored, even on read-only media.
  auto db = store::open_database_read_only(ctx.config.db_url);
  if (!db.ok()) return fail_error(db.error());
  store::audit::VerifyReport rep;
  auto st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(rep, store::audit::verify(tx));
    return {};
  });
  if (!st.ok()) return fail_error(st.error());
  if (rep.ok) {
    std::printf("audit log OK: %lld entries verified\n", (long long)rep.checked);
    return 0;
  }
  std::fprintf(stderr, "audit log TAMPERED: first bad entry is #%lld (%s); %lld entries checked\n",
               (long long)rep.first_bad_id, rep.reason.c_str(), (long long)rep.checked);
  return 2;
}

}  // namespace

int run_db_command(int argc, char** argv);  // cli/db_copy_cmd.cpp

int run(int argc, char** argv) {
  Args args(argc, argv, {"demo", "version", "help", "apply"});
  if (args.has("version")) {
    std::printf("lantian %s\n", LANTIAN_VERSION);
    return 0;
  }
  if (args.has("help") || args.positional.empty()) {
    std::fputs(kUsage, args.positional.empty() && !args.has("help") ? stderr : stdout);
    return args.has("help") ? 0 : 1;
  }
  if (args.positional[0] == "aqi") return cmd_aqi(argc, argv);  // no database, no configuration
  if (!crypto_init()) return fail("libsodium failed to initialise");
  Context ctx;
  auto config = load_config(args.get("config").value_or(""));
  if (!config.ok()) return fail_error(config.error());
  ctx.config = *config;
  apply_env(ctx.config);
  if (auto db = args.get("db")) ctx.config.db_url = *db;
  if (auto dir = args.get("evidence-dir")) ctx.config.evidence_dir = *dir;
  const std::string cmd = args.positional[0];
  if (cmd == "workflows") return cmd_workflows(args.positional, ctx.config.workflows_dir);
  // The deployment's workflow definitions, validated before anything runs:
  // a server with a broken definition refuses to start.
  auto wf = load_workflow_dir(ctx.config.workflows_dir);
  if (!wf.ok()) return fail("invalid workflow definitions:\n" + wf.error().message);
  if (cmd == "alerts") return cmd_alerts(args.positional, ctx.config.alert_standard);
  // The warning standard first: the emergency reduction list's type is
  // checked against its levels (core/emergency_reduction.h) as it loads.
  auto standard = load_warning_standard(ctx.config.alert_standard);
  if (!standard.ok()) return fail("invalid warning standard:\n" + standard.error().message);
  install_warning_standard(std::move(standard).value());
  if (cmd == "ledgers") return cmd_ledgers(args.positional, ctx.config.ledgers_dir, ctx.config.workflows_dir);
  auto ledgers = load_ledger_dir(ctx.config.ledgers_dir, *wf);
  if (!ledgers.ok()) return fail("invalid ledger type definitions:\n" + ledgers.error().message);
  install_workflows(std::move(wf).value());
  install_ledger_types(std::move(ledgers).value());
  if (cmd == "serve") return cmd_serve(ctx, args);
  if (cmd == "init") return cmd_init(ctx, args);
  if (cmd == "migrate") return cmd_migrate(ctx, args);
  if (cmd == "user") return cmd_user(ctx, args);
  if (cmd == "backup") return cmd_backup(ctx, args);
  if (cmd == "restore") return cmd_restore(ctx, args);
  if (cmd == "audit") return cmd_audit(ctx, args);
  if (cmd == "evidence") return cmd_evidence(ctx, args);
  if (cmd == "db") return run_db_command(argc, argv);
  return fail("unknown command '" + cmd + "' (see lantian --help)");
}

}  // namespace lantian::cli

int main(int argc, char** argv) { return lantian::cli::run(argc, argv); }
