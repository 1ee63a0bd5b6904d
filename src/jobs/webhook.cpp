#include "jobs/webhook.h"

#include <algorithm>

#include "core/text.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "obs/log.h"
#include "store/notifications_repo.h"

namespace lantian::jobs {

std::chrono::milliseconds webhook_backoff(int attempts) {
  using namespace std::chrono;
  constexpr milliseconds kFirst = seconds(30), kMax = hours(1);
  if (attempts < 1) attempts = 1;
  if (attempts > 8) return kMax;  // 30 s × 2^7 is already past the cap
  return std::min<milliseconds>(kFirst * (int64_t(1) << (attempts - 1)), kMax);
}

namespace {

// last_error is shown to admins: keep it short and valid UTF-8.
std::string clip(std::string s) {
  if (s.size() > 300) {
    s.resize(300);
    while (!s.empty() && !valid_utf8(s)) s.pop_back();
  }
  return s;
}

}  // namespace

Result<WebhookRun> deliver_webhooks(store::Database& db, const Clock& clock, const WebhookConfig& config,
                                    const WebhookPoster& poster) {
  WebhookRun run;
  if (config.url.empty()) return run;
  std::vector<store::notifications::Delivery> due;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(due, store::notifications::due_deliveries(tx, format_utc(clock.now()), config.batch));
    return {};
  }));
  // No transaction is held while posting: the writer stays free for requests.
  for (const auto& d : due) {
    auto answer = poster(config.url, d.payload, config.timeout);
    const int attempts = d.attempts + 1;
    const TimePoint now = clock.now();
    bool ok2xx = answer.ok() && *answer >= 200 && *answer < 300;
    std::string error;
    if (!ok2xx) error = answer.ok() ? "HTTP " + std::to_string(*answer) : clip(answer.error().message);
    const bool final = !ok2xx && attempts >= config.max_attempts;
    LT_TRY(db.write([&](store::Tx& tx) -> Status {
      if (ok2xx) {
        LT_TRY(store::notifications::record_delivered(tx, d.id, attempts, format_utc(now)));
        return {};
      }
      LT_TRY(store::notifications::record_failure(tx, d.id, attempts, error,
                                                  format_utc(now + webhook_backoff(attempts)), final));
      return {};
    }));
    if (!ok2xx) run.last_error = error;
    if (ok2xx)
      ++run.delivered;
    else if (final)
      ++run.failed;
    else
      ++run.retrying;
    // Unreachable or hanging endpoint: stop here, see webhook.h.
    if (!answer.ok()) break;
  }
  return run;
}

Result<WebhookRun> deliver_webhooks(store::Database& db, const Clock& clock, const WebhookConfig& config) {
  return deliver_webhooks(
      db, clock, config,
      [](const std::string& url, const std::string& body, std::chrono::milliseconds timeout) {
        return http::post_json(url, body, timeout);
      });
}

void add_webhook_delivery(Scheduler& scheduler, store::Database& db, const Clock& clock, WebhookConfig config,
                          obs::Logger* logger, std::chrono::milliseconds interval) {
  scheduler.add("webhook_delivery", interval, [&db, &clock, config, logger]() -> Status {
    LT_ASSIGN(auto run, deliver_webhooks(db, clock, config));
    if (logger && (run.retrying > 0 || run.failed > 0))
      logger->warn("webhook: deliveries failed", {{"delivered", (long long)run.delivered},
                                                  {"retrying", (long long)run.retrying},
                                                  {"failed", (long long)run.failed},
                                                  {"last_error", run.last_error}});
    else if (logger && run.delivered > 0)
      logger->info("webhook: delivered", {{"delivered", (long long)run.delivered}});
    return {};
  });
}

}  // namespace lantian::jobs
