// Webhook delivery: the job that empties the outbox (webhook_deliveries,
// filled by app::NotificationService::notify in the transaction that raised
// each notice). It runs on the leader only, every 10 s; requests never wait
// for a webhook.
//
// One run takes up to `batch` due rows (status 'pending', next_attempt_at <=
// now, the longest-waiting first) and POSTs each row's payload
//   {"id", "kind", "user": {"id", "name", "phone"}, "task_id", "title", "body", "created_at"}
// to the configured URL, one at a time:
//   - 2xx: delivered (delivered_at = now);
//   - anything else (another status, a refused connection, no answer within
//     the timeout): attempts + 1, last_error, and next_attempt_at = now +
//     webhook_backoff(attempts); after max_attempts the row is 'failed' and
//     stays for inspection.
// When the endpoint cannot be reached at all (no HTTP status), the rest of
// the batch waits for the next run: a dead or hanging endpoint costs one
// timeout per run, not one per row, so it cannot hold the scheduler (and
// the reminder job behind it) for minutes.
//
// Delivery is at least once: a run cut short between the POST and recording
// it (a crash, a leader change) posts that row again. Receivers deduplicate
// by the payload's "id" (the notification's id).
//
// Thread-safety: as store::Database; the poster is called from the caller's
// thread only.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "store/db.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

struct WebhookConfig {
  std::string url;  // "" = no webhook (the job is not registered)
  std::chrono::milliseconds timeout{5000};
  int max_attempts = 8;
  int batch = 50;
};

// Posts body to url; returns the HTTP status. http::post_json in production.
using WebhookPoster = std::function<Result<int>(const std::string& url, const std::string& body,
                                                std::chrono::milliseconds timeout)>;

// The wait after failed attempt number `attempts` (>= 1): 30 s × 2^(attempts−1),
// at most one hour (30 s, 1 min, 2 min, ... 32 min, 1 h, 1 h, ...).
std::chrono::milliseconds webhook_backoff(int attempts);

struct WebhookRun {
  int delivered = 0;
  int retrying = 0;  // failed this time, will be tried again
  int failed = 0;    // failed for good (max_attempts reached)
  std::string last_error;
};

// One pass over the due rows, as described above. Errors: the store's (a row
// whose outcome could not be recorded is posted again next run).
Result<WebhookRun> deliver_webhooks(store::Database& db, const Clock& clock, const WebhookConfig& config,
                                    const WebhookPoster& poster);
// The same with the real HTTP client (http::post_json).
Result<WebhookRun> deliver_webhooks(store::Database& db, const Clock& clock, const WebhookConfig& config);

inline constexpr std::chrono::seconds kWebhookInterval{10};

// Registers the "webhook_delivery" job; logs failures at warn.
void add_webhook_delivery(Scheduler& scheduler, store::Database& db, const Clock& clock, WebhookConfig config,
                          obs::Logger* logger, std::chrono::milliseconds interval = kWebhookInterval);

}  // namespace lantian::jobs
