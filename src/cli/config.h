// Configuration: defaults, then lantian.toml (if given or present in the
// working directory), then environment variables (LANTIAN_DB, LANTIAN_LISTEN,
// LANTIAN_WEB_ROOT, LANTIAN_LOG_LEVEL, LANTIAN_WEBHOOK_URL,
// LANTIAN_EVIDENCE_DIR, LANTIAN_WORKFLOWS_DIR, LANTIAN_LEDGERS_DIR,
// LANTIAN_ALERT_STANDARD), then
// command-line flags.
//
// Errors: load_config() returns invalid with the file, line and column of a
// TOML syntax error, or the key of a value of the wrong type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/map_service.h"
#include "core/error.h"

namespace lantian::cli {

// [notifications]: the webhook that receives every inbox notice, and when
// deadline reminders go out.
struct NotificationConfig {
  std::string webhook_url;  // "" = no webhook; http:// only (TLS at a local gateway)
  int64_t webhook_timeout_ms = 5000;
  int64_t webhook_max_attempts = 8;
  std::vector<int> reminder_offsets_days{3, 1};  // working days before a deadline, 0..30
  int64_t reminder_send_from_hour = 8;           // China time: no reminders before 08:00
};

struct Config {
  std::string db_url = "sqlite:data/lantian.db";
  // [evidence] dir: where report files are kept (store/evidence_store.h):
  // a folder (shared by every instance), "database", or "" for the default
  // (beside a SQLite file, in a PostgreSQL database).
  std::string evidence_dir;
  std::string listen = "127.0.0.1:8080";
  // [hj212] listen: where micro stations and online monitors connect with
  // HJ 212-2017 frames (HOST:PORT); "" = not served.
  std::string hj212_listen;
  unsigned threads = 0;
  std::string web_root = "web/dist";
  bool cookie_secure = false;
  std::vector<std::string> trusted_proxies;  // reverse proxies whose X-Forwarded-For is believed
  int64_t max_body_bytes = 8 * 1024 * 1024;
  // The ledger import's own body limit (api::ApiOptions::max_import_bytes):
  // an exported ledger comes back whole.
  int64_t max_import_bytes = 64 * 1024 * 1024;
  // Beyond it new connections get 503; lowered at start to fit the open-file
  // limit (http::ServerOptions::max_connections).
  int64_t max_connections = 20000;
  // The worker pool for slow requests (logins, .xlsx, files): threads (0 =
  // half the cores) and how many may wait before 503 (http::ServerOptions).
  unsigned pool_threads = 0;
  int64_t pool_queue = 32;
  int64_t pool_nice = 10;  // 0..19: how much lower the pool threads' CPU priority is
  // The pool where writes wait for their commit (0 = 64 threads), and how
  // many may wait beyond them before 503.
  unsigned wait_threads = 0;
  int64_t wait_queue = 1024;
  std::string log_level = "info";
  app::AuthConfig auth;
  NotificationConfig notifications;
  // [workflows] dir: *.toml files replacing the shipped workflow definitions
  // of the same name (resources/workflows/); "" = the shipped ones only.
  std::string workflows_dir;
  // [ledgers] dir: *.toml ledger types replacing shipped ones of the same
  // name (resources/ledgers/) or adding new ones; "" = the shipped ones only.
  std::string ledgers_dir;
  // [alerts] standard: a TOML warning standard replacing the shipped one
  // (resources/alerts/warning_standard.toml); "" = the shipped one. sender
  // and sender_name: the CAP messages' sender and the notices' signature
  // ("" = app::AlertOptions' defaults).
  std::string alert_standard;
  std::string alert_sender, alert_sender_name;
  // [map]: the tile layer (tile_url, tile_attribution, tile_subdomains,
  // max_zoom, tile_datum "wgs84" | "gcj02" | "bd09") and boundary_file, a
  // GeoJSON district boundary in boundary_datum (default gcj02) replacing
  // the shipped one (app/map_service.h).
  std::string map_tile_url, map_tile_attribution, map_tile_subdomains;
  int64_t map_max_zoom = 18;
  std::string map_tile_datum = "wgs84";
  std::string map_boundary_file;
  std::string map_boundary_datum = "gcj02";
  // [open311]: the api_keys that may post public complaints (none = posting
  // disabled; each at least 16 characters) and how many requests a minute
  // each may post, counted in the database across instances
  // (app/open311_service.h).
  std::vector<std::string> open311_keys;
  int64_t open311_requests_per_minute = 30;
  // [reduction] inventory_so2, inventory_nox, inventory_pm, inventory_vocs:
  // the district's emissions in t/d, the basis of the share each alert level
  // requires the emergency reduction list to cut (app/reduction_service.h);
  // in thousandths, in ReductionPollutant order (core/warning_standard.h).
  // Unset = the list's own baselines.
  std::vector<std::optional<int64_t>> reduction_inventory_milli;
};

// path "" = use ./lantian.toml when it exists, else defaults only.
Result<Config> load_config(const std::string& path);
// Applies LANTIAN_* environment variables.
void apply_env(Config& c);
// The map from [map] (app/map_service.h), reading boundary_file. Errors:
// invalid naming the key for an unknown datum, an unreadable or bad file.
Result<app::MapService> make_map(const Config& c);
// Splits "host:port"; errors name the bad value.
Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& listen);

}  // namespace lantian::cli
