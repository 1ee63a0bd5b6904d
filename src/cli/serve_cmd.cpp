#include "cli/serve_cmd.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "api/api.h"
#include "cli/evidence_cli.h"
#include "cli/hj212_wiring.h"
#include "core/error_codes.h"
#include "core/version.h"
#include "http/client.h"
#include "http/server.h"
#include "http/static_files.h"
#include "io/evidence_media.h"
#include "jobs/aq_monitoring.h"
#include "jobs/housekeeping.h"
#include "jobs/import_recovery.h"
#include "jobs/leader.h"
#include "jobs/problem_timers.h"
#include "jobs/reminders.h"
#include "jobs/scheduler.h"
#include "jobs/webhook.h"
#include "jobs/workflow_timers.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "store/monitored_db.h"

namespace lantian::cli {

int cmd_serve(Context& ctx, Args& args) {
  Config& c = ctx.config;
  if (auto v = args.get("listen")) c.listen = *v;
  if (auto v = args.get("hj212-listen")) c.hj212_listen = *v;
  if (auto v = args.get("web-root")) c.web_root = *v;
  if (auto v = args.get("threads")) c.threads = unsigned(std::atoi(v->c_str()));
  if (auto v = args.get("pool-threads")) c.pool_threads = unsigned(std::atoi(v->c_str()));
  if (auto v = args.get("pool-queue")) c.pool_queue = std::atoll(v->c_str());
  if (auto v = args.get("pool-nice")) c.pool_nice = std::clamp<int64_t>(std::atoll(v->c_str()), 0, 19);
  if (auto v = args.get("max-connections")) c.max_connections = std::atoll(v->c_str());
  if (auto v = args.get("log-level")) c.log_level = *v;
  for (auto& p : args.all("trusted-proxy")) c.trusted_proxies.push_back(p);
  if (int rc = apply_clock_start(ctx, args)) return rc;
  if (int rc = check_unused(args)) return rc;
  obs::LogLevel level;
  if (!obs::parse_log_level(c.log_level, &level))
    return fail("log level must be debug, info, warn, error or off");
  obs::Logger logger(stderr, level);
  // Connections are descriptors: lift the usual soft limit of 1,024 to the
  // hard limit before anything opens files (the server caps max_connections
  // below what this leaves).
  auto files = http::raise_open_file_limit();
  logger.info("open-file limit", {{"soft_before", static_cast<unsigned long>(files.before)},
                                  {"soft", static_cast<unsigned long>(files.after)},
                                  {"hard", static_cast<unsigned long>(files.hard)}});
  auto listen = parse_listen(c.listen);
  if (!listen.ok()) return fail_error(listen.error());
  const auto& nc = c.notifications;
  if (!nc.webhook_url.empty()) {
    if (auto u = http::parse_http_url(nc.webhook_url); !u.ok())
      return fail("[notifications] webhook_url: " + u.error().message);
  }
  auto db = open_and_migrate(c.db_url);
  if (!db.ok()) {
    // A database the server cannot write (read-only file or folder, full
    // disk, ...) stops it here, with the cause in the log and on stderr.
    const Error& e = db.error();
    logger.error("cannot serve: the database is not usable",
                 {{"code", e.code.empty() ? std::string(generic_code(e)) : e.code}, {"cause", e.message}});
    return fail_error(e);
  }
  // Failing writes (disk full, read-only, unavailable) show in /healthz,
  // /metrics and the log.
  auto monitored = std::make_unique<store::MonitoredDatabase>(std::move(db).value());
  store::MonitoredDatabase* monitor = monitored.get();
  monitor->on_change([&logger](const store::WriteHealth& h) {
    if (h.failing)
      logger.error("database writes are failing", {{"code", h.code}, {"cause", h.cause}});
    else
      logger.warn("database writes work again", {{"failed_writes", (long long)h.failures}});
  });
  ctx.db = std::move(monitored);
  auto evidence = open_configured_evidence(c, *ctx.db);
  if (!evidence.ok()) return fail_error(evidence.error());
  std::shared_ptr<store::EvidenceStore> evidence_store = std::move(evidence).value();
  // libvips once, on the main thread, before any request thread uses it.
  if (auto st = io::init_media(); !st.ok()) return fail_error(st.error());
  // 0004-era attachment bytes move into the store (resumable; nothing once done).
  if (auto st = move_legacy_evidence(*ctx.db, *evidence_store, ctx.clock, false); !st.ok())
    return fail_error(st.error());

  obs::Metrics metrics;
  // Background jobs run on one instance only, the leader (src/jobs/leader.h).
  jobs::LeaderOptions leader_opts;
  leader_opts.db_url = c.db_url;
  jobs::LeaderElection election(leader_opts, &logger);
  jobs::Scheduler scheduler([&election] { return election.is_leader(); }, &logger);
  jobs::add_housekeeping(scheduler, *ctx.db, ctx.clock, &logger);
  api::ApiOptions opts;
  opts.cookie_secure = c.cookie_secure;
  opts.trusted_proxies = c.trusted_proxies;
  opts.version = LANTIAN_VERSION;
  opts.is_leader = [&election] { return election.is_leader(); };
  opts.extra_metrics = [&scheduler] { return scheduler.render_metrics(); };
  opts.notifications.webhook = !nc.webhook_url.empty();
  opts.evidence = evidence_store;
  opts.monitor = monitor;
  opts.max_import_bytes = size_t(c.max_import_bytes);
  opts.open311.keys = c.open311_keys;
  opts.open311.requests_per_minute = c.open311_requests_per_minute;
  opts.reduction.inventory_milli = c.reduction_inventory_milli;
  if (!c.alert_sender.empty()) opts.alerts.sender = c.alert_sender;
  if (!c.alert_sender_name.empty()) opts.alerts.sender_name = c.alert_sender_name;
  {
    auto map = make_map(c);
    if (!map.ok()) return fail_error(map.error());
    opts.map = std::make_shared<const app::MapService>(std::move(map).value());
  }
  api::Api api(*ctx.db, ctx.clock, c.auth, opts, &metrics, &logger);
  // A database created before the calendar existed (or by `db copy`) gets
  // the shipped holiday arrangement; a stored one is left alone.
  if (auto st = api.calendar().seed_if_empty(); !st.ok()) return fail_error(st.error());
  jobs::ReminderConfig reminders;
  reminders.offsets = nc.reminder_offsets_days;
  reminders.send_from_hour = int(nc.reminder_send_from_hour);
  reminders.notifications = opts.notifications;
  jobs::add_reminders(
      scheduler, *ctx.db, ctx.clock, [&api] { return api.calendar().current(); }, reminders, &logger);
  jobs::add_workflow_timers(
      scheduler, api.tasks(), [&api] { return api.calendar().current(); }, &logger);
  jobs::add_import_recovery(scheduler, api.sheets(), &logger);
  jobs::add_problem_timers(scheduler, api.problems(), &logger);
  jobs::add_aq_monitoring(scheduler, api.aq_monitoring(), &logger);
  if (!nc.webhook_url.empty()) {
    jobs::WebhookConfig webhook;
    webhook.url = nc.webhook_url;
    webhook.timeout = std::chrono::milliseconds(nc.webhook_timeout_ms);
    webhook.max_attempts = int(nc.webhook_max_attempts);
    jobs::add_webhook_delivery(scheduler, *ctx.db, ctx.clock, webhook, &logger);
  }
  http::StaticFiles web;
  if (auto loaded = http::StaticFiles::load(c.web_root, &logger); loaded.ok()) {
    web = std::move(loaded).value();
  } else {
    logger.warn("web app not found; serving the API only", {{"web_root", c.web_root}});
  }
  http::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.threads = c.threads;
  // An I/O thread waits out each PostgreSQL round trip of a read: with a
  // thread per core the cores idle meanwhile (docs/benchmarks.md, "PostgreSQL
  // lists"). SQLite reads never wait.
  if (so.threads == 0 && ctx.db->backend() == "postgres")
    so.threads = 4 * std::max(1u, std::thread::hardware_concurrency());
  so.max_body_bytes = size_t(c.max_body_bytes);
  so.body_limit = [&api](std::string_view method, std::string_view path) {
    return api.body_limit(method, path);
  };
  so.max_connections = size_t(std::max<int64_t>(c.max_connections, 1));
  so.pool_threads = c.pool_threads;
  so.pool_queue = size_t(std::max<int64_t>(c.pool_queue, 0));
  so.pool_nice = int(c.pool_nice);
  so.wait_threads = c.wait_threads;
  so.wait_queue = size_t(std::max<int64_t>(c.wait_queue, 0));
  http::Server* server_ptr = nullptr;
  store::Database* dbp = ctx.db.get();
  metrics.add_gauge("lantian_db_reads_total", "Read transactions since start",
                    [dbp] { return double(dbp->stats().reads); });
  metrics.add_gauge("lantian_db_writes_total", "Write transactions since start",
                    [dbp] { return double(dbp->stats().writes); });
  metrics.add_gauge("lantian_db_errors_total", "Failed transactions since start",
                    [dbp] { return double(dbp->stats().errors); });
  metrics.add_gauge("lantian_db_connections", "Open database connections",
                    [dbp] { return double(dbp->stats().pool_size); });
  metrics.add_gauge(
      "lantian_db_write_commits_total",
      "Write commits since start (SQLite commits queued writes together: writes / commits = batch size)",
      [dbp] { return double(dbp->stats().write_commits); });
  metrics.add_gauge("lantian_db_write_wait_seconds_total", "Time spent waiting for the database writer",
                    [dbp] { return dbp->stats().write_wait_seconds; });
  metrics.add_gauge(
      "lantian_db_writes_failing",
      "1 while writes to the database fail (full, read-only, unavailable): /healthz says degraded",
      [monitor] { return monitor->write_health().failing ? 1.0 : 0.0; });
  metrics.add_gauge("lantian_db_writes_failing_since_seconds",
                    "Unix time of the first failed write while writes fail; 0 while they work", [monitor] {
                      auto h = monitor->write_health();
                      return h.failing ? std::chrono::duration<double>(h.since.time_since_epoch()).count()
                                       : 0.0;
                    });
  metrics.add_gauge("lantian_db_storage_failures_total",
                    "Reads, writes and pings refused by the database for a storage reason since start",
                    [monitor] { return double(monitor->storage_failures()); });
  metrics.add_gauge("lantian_leader", "1 while this instance is the leader (runs the background jobs)",
                    [&election] { return election.is_leader() ? 1.0 : 0.0; });
  metrics.add_gauge("lantian_http_open_connections", "Open client connections",
                    [&server_ptr] { return server_ptr ? double(server_ptr->open_connections()) : 0.0; });
  http::Server server(
      so,
      [&](http::Request& req) {
        if (api::Api::owns(req.path) || web.empty()) return api.handle(req);
        return web.serve(req);
      },
      &logger, &metrics);
  server_ptr = &server;
  if (auto st = server.listen(); !st.ok()) return fail_error(st.error());
  server.stop_on_signals();
  logger.info("listening", {{"address", so.host + ":" + std::to_string(server.port())},
                            {"database", std::string(ctx.db->backend())},
                            {"version", LANTIAN_VERSION}});
  // HJ 212-2017 devices on their own port, when configured.
  std::unique_ptr<http::TcpListener> hj212;
  if (!c.hj212_listen.empty()) {
    // PostgreSQL overlaps the lanes' round trips and commits (kHj212PgLanes).
    auto l = make_hj212_listener(c.hj212_listen, api.aq(), &logger, &metrics,
                                 ctx.db->backend() == "postgres" ? kHj212PgLanes : 1);
    if (!l.ok()) return fail_error(l.error());
    hj212 = std::move(l).value();
    hj212->start();
    logger.info("hj212 listening", {{"address", c.hj212_listen}, {"port", (long long)hj212->port()}});
    std::printf("HJ 212 on %s (port %u)\n", c.hj212_listen.c_str(), hj212->port());
  }
  std::printf("Lantian %s serving on http://%s:%u (database: %s)\n", LANTIAN_VERSION, so.host.c_str(),
              server.port(), c.db_url.c_str());
  std::fflush(stdout);
  election.start();
  scheduler.start();
  server.run();
  if (hj212) hj212->stop();
  // Ends the leader's session: another instance takes over within a second.
  scheduler.stop();
  election.stop();
  logger.info("stopped", {});
  return 0;
}

}  // namespace lantian::cli
