#include "cli/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/emergency_reduction.h"

namespace lantian::cli {

namespace {

template <typename T>
Status read(const toml::table& t, std::string_view section, std::string_view key, T& out) {
  auto node = t[section][key];
  if (!node) return {};
  if (auto v = node.template value<T>()) {
    out = *v;
    return {};
  }
  return Error::invalid("lantian.toml: [" + std::string(section) + "] " + std::string(key) +
                        " has the wrong type");
}

}  // namespace

Result<Config> load_config(const std::string& given) {
  Config c;
  std::string path = given;
  if (path.empty()) {
    if (!std::filesystem::exists("lantian.toml")) return c;
    path = "lantian.toml";
  }
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    return Error::invalid(path + ":" + std::to_string(src.begin.line) + ":" +
                          std::to_string(src.begin.column) + ": " + std::string(e.description()));
  }
  int64_t threads = c.threads, pool_threads = c.pool_threads, wait_threads = c.wait_threads,
          idle = c.auth.idle_timeout.count(), life = c.auth.session_lifetime.count() / 60,
          fails = c.auth.max_failed_logins, lock = c.auth.lockout.count(),
          per_address = c.auth.max_failed_logins_per_address,
          per_account = c.auth.max_failed_logins_per_account;
  LT_TRY(read(t, "database", "url", c.db_url));
  LT_TRY(read(t, "evidence", "dir", c.evidence_dir));
  LT_TRY(read(t, "server", "listen", c.listen));
  LT_TRY(read(t, "hj212", "listen", c.hj212_listen));
  LT_TRY(read(t, "server", "threads", threads));
  LT_TRY(read(t, "server", "web_root", c.web_root));
  LT_TRY(read(t, "server", "cookie_secure", c.cookie_secure));
  if (auto node = t["server"]["trusted_proxies"]) {
    auto* arr = node.as_array();
    if (!arr) return Error::invalid("lantian.toml: [server] trusted_proxies must be a list of addresses");
    for (auto& e : *arr) {
      auto v = e.value<std::string>();
      if (!v) return Error::invalid("lantian.toml: [server] trusted_proxies must be a list of addresses");
      c.trusted_proxies.push_back(*v);
    }
  }
  LT_TRY(read(t, "server", "max_body_bytes", c.max_body_bytes));
  LT_TRY(read(t, "server", "max_import_bytes", c.max_import_bytes));
  LT_TRY(read(t, "server", "max_connections", c.max_connections));
  LT_TRY(read(t, "server", "pool_threads", pool_threads));
  LT_TRY(read(t, "server", "pool_queue", c.pool_queue));
  LT_TRY(read(t, "server", "pool_nice", c.pool_nice));
  LT_TRY(read(t, "server", "wait_threads", wait_threads));
  LT_TRY(read(t, "server", "wait_queue", c.wait_queue));
  LT_TRY(read(t, "log", "level", c.log_level));
  LT_TRY(read(t, "workflows", "dir", c.workflows_dir));
  LT_TRY(read(t, "ledgers", "dir", c.ledgers_dir));
  LT_TRY(read(t, "alerts", "standard", c.alert_standard));
  LT_TRY(read(t, "alerts", "sender", c.alert_sender));
  LT_TRY(read(t, "alerts", "sender_name", c.alert_sender_name));
  // CAP: "Sender … MUST NOT include spaces, commas or restricted characters (< and &)".
  if (c.alert_sender.find_first_of(" ,<&") != std::string::npos)
    return Error::invalid("lantian.toml: [alerts] sender must not contain spaces, commas, < or &");
  LT_TRY(read(t, "map", "tile_url", c.map_tile_url));
  LT_TRY(read(t, "map", "tile_attribution", c.map_tile_attribution));
  LT_TRY(read(t, "map", "tile_subdomains", c.map_tile_subdomains));
  LT_TRY(read(t, "map", "max_zoom", c.map_max_zoom));
  LT_TRY(read(t, "map", "tile_datum", c.map_tile_datum));
  LT_TRY(read(t, "map", "boundary_file", c.map_boundary_file));
  LT_TRY(read(t, "map", "boundary_datum", c.map_boundary_datum));
  if (auto node = t["open311"]["keys"]) {
    const char* msg = "lantian.toml: [open311] keys must be a list of api_keys of at least 16 characters";
    auto* arr = node.as_array();
    if (!arr) return Error::invalid(msg);
    for (auto& e : *arr) {
      auto v = e.value<std::string>();
      // A short key could be guessed: the POST is the public's way in.
      if (!v || v->size() < 16) return Error::invalid(msg);
      c.open311_keys.push_back(*v);
    }
  }
  LT_TRY(read(t, "open311", "requests_per_minute", c.open311_requests_per_minute));
  for (int p = 0; p < kReductionPollutants; ++p) {
    const std::string key = "inventory_" + std::string(reduction_pollutant_code(ReductionPollutant(p)));
    std::optional<int64_t> milli;
    if (auto node = t["reduction"][key]) {
      auto v = node.value<double>();
      if (!v || !std::isfinite(*v) || *v <= 0 || *v > 10'000'000)
        return Error::invalid("lantian.toml: [reduction] " + key + " must be t/d, more than 0");
      milli = std::llround(*v * 1000);
    }
    c.reduction_inventory_milli.push_back(milli);
  }
  if (c.open311_requests_per_minute < 1 || c.open311_requests_per_minute > 100000)
    return Error::invalid("lantian.toml: [open311] requests_per_minute must be 1..100000");
  LT_TRY(read(t, "auth", "idle_timeout_minutes", idle));
  LT_TRY(read(t, "auth", "session_lifetime_hours", life));
  LT_TRY(read(t, "auth", "max_failed_logins", fails));
  LT_TRY(read(t, "auth", "lockout_minutes", lock));
  LT_TRY(read(t, "auth", "max_failed_logins_per_address", per_address));
  LT_TRY(read(t, "auth", "max_failed_logins_per_account", per_account));
  auto& n = c.notifications;
  LT_TRY(read(t, "notifications", "webhook_url", n.webhook_url));
  LT_TRY(read(t, "notifications", "webhook_timeout_ms", n.webhook_timeout_ms));
  LT_TRY(read(t, "notifications", "webhook_max_attempts", n.webhook_max_attempts));
  LT_TRY(read(t, "notifications", "reminder_send_from_hour", n.reminder_send_from_hour));
  if (auto node = t["notifications"]["reminder_offsets_days"]) {
    const char* msg =
        "lantian.toml: [notifications] reminder_offsets_days must be a list of 0..30 working days";
    auto* arr = node.as_array();
    if (!arr || arr->size() > 10) return Error::invalid(msg);
    n.reminder_offsets_days.clear();
    for (auto& e : *arr) {
      auto v = e.value<int64_t>();
      if (!v || *v < 0 || *v > 30) return Error::invalid(msg);
      n.reminder_offsets_days.push_back(int(*v));
    }
  }
  if (n.webhook_timeout_ms < 100 || n.webhook_timeout_ms > 60000)
    return Error::invalid("lantian.toml: [notifications] webhook_timeout_ms must be 100..60000");
  if (n.webhook_max_attempts < 1 || n.webhook_max_attempts > 100)
    return Error::invalid("lantian.toml: [notifications] webhook_max_attempts must be 1..100");
  if (n.reminder_send_from_hour < 0 || n.reminder_send_from_hour > 23)
    return Error::invalid("lantian.toml: [notifications] reminder_send_from_hour must be 0..23");
  if (threads < 0 || threads > 256) return Error::invalid("lantian.toml: [server] threads must be 0..256");
  if (pool_threads < 0 || pool_threads > 256)
    return Error::invalid("lantian.toml: [server] pool_threads must be 0..256");
  if (c.pool_queue < 0 || c.pool_queue > 100000)
    return Error::invalid("lantian.toml: [server] pool_queue must be 0..100000");
  if (c.pool_nice < 0 || c.pool_nice > 19)
    return Error::invalid("lantian.toml: [server] pool_nice must be 0..19");
  if (wait_threads < 0 || wait_threads > 1024)
    return Error::invalid("lantian.toml: [server] wait_threads must be 0..1024");
  if (c.wait_queue < 0 || c.wait_queue > 100000)
    return Error::invalid("lantian.toml: [server] wait_queue must be 0..100000");
  if (c.max_body_bytes < 1 || c.max_import_bytes < 1)
    return Error::invalid("lantian.toml: [server] max_body_bytes and max_import_bytes must be positive");
  if (c.max_connections < 1 || c.max_connections > 1000000)
    return Error::invalid("lantian.toml: [server] max_connections must be 1..1000000");
  if (idle < 1 || life < 1 || fails < 1 || lock < 1 || per_address < 1 || per_account < 1)
    return Error::invalid("lantian.toml: [auth] values must be positive");
  c.threads = unsigned(threads);
  c.pool_threads = unsigned(pool_threads);
  c.wait_threads = unsigned(wait_threads);
  c.auth.idle_timeout = std::chrono::minutes(idle);
  c.auth.session_lifetime = std::chrono::minutes(life * 60);
  c.auth.max_failed_logins = int(fails);
  c.auth.lockout = std::chrono::minutes(lock);
  c.auth.max_failed_logins_per_address = int(per_address);
  c.auth.max_failed_logins_per_account = int(per_account);
  return c;
}

void apply_env(Config& c) {
  if (const char* v = std::getenv("LANTIAN_DB"); v && *v) c.db_url = v;
  if (const char* v = std::getenv("LANTIAN_LISTEN"); v && *v) c.listen = v;
  if (const char* v = std::getenv("LANTIAN_WEB_ROOT"); v && *v) c.web_root = v;
  if (const char* v = std::getenv("LANTIAN_LOG_LEVEL"); v && *v) c.log_level = v;
  if (const char* v = std::getenv("LANTIAN_WEBHOOK_URL"); v && *v) c.notifications.webhook_url = v;
  if (const char* v = std::getenv("LANTIAN_EVIDENCE_DIR"); v && *v) c.evidence_dir = v;
  if (const char* v = std::getenv("LANTIAN_WORKFLOWS_DIR"); v && *v) c.workflows_dir = v;
  if (const char* v = std::getenv("LANTIAN_LEDGERS_DIR"); v && *v) c.ledgers_dir = v;
  if (const char* v = std::getenv("LANTIAN_ALERT_STANDARD"); v && *v) c.alert_standard = v;
}

Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Error::invalid("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got '" + listen + "')");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto ps = std::string_view(listen).substr(colon + 1);
  auto [p, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), port);
  if (ec != std::errc() || p != ps.data() + ps.size() || port > 65535)
    return Error::invalid("--listen port must be 0..65535 (got '" + std::string(ps) + "')");
  return std::make_pair(host, uint16_t(port));
}

Result<app::MapService> make_map(const Config& c) {
  app::MapOptions o;
  o.tile_url = c.map_tile_url;
  o.tile_attribution = c.map_tile_attribution;
  o.tile_subdomains = c.map_tile_subdomains;
  o.max_zoom = int(c.map_max_zoom);
  auto datum = [](const std::string& key, const std::string& v) -> Result<Datum> {
    auto d = datum_named(v);
    if (!d)
      return Error::invalid("lantian.toml: [map] " + key + " must be wgs84, gcj02 or bd09, not \"" + v +
                            "\"");
    return *d;
  };
  LT_ASSIGN(o.tile_datum, datum("tile_datum", c.map_tile_datum));
  LT_ASSIGN(o.boundary_datum, datum("boundary_datum", c.map_boundary_datum));
  if (c.map_max_zoom < 1 || c.map_max_zoom > 22)
    return Error::invalid("lantian.toml: [map] max_zoom must be 1..22");
  if (!c.map_boundary_file.empty()) {
    std::ifstream in(c.map_boundary_file, std::ios::binary);
    if (!in)
      return Error::invalid("lantian.toml: [map] boundary_file " + c.map_boundary_file + " cannot be read");
    o.boundary_geojson.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto m = app::MapService::make(std::move(o));
  if (!m.ok() && !c.map_boundary_file.empty())
    return Error::invalid("lantian.toml: [map] boundary_file " + c.map_boundary_file + ": " +
                          m.error().message);
  return m;
}

}  // namespace lantian::cli
