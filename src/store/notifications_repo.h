// All SQL for the in-app inbox (notifications) and the webhook outbox
// (webhook_deliveries).
//
// Idempotence: every notification has a dedup_key (unique). insert() is
// INSERT ... ON CONFLICT (dedup_key) DO NOTHING, which both SQLite and
// PostgreSQL accept and which, unlike catching a unique violation, leaves a
// PostgreSQL transaction usable: a reminder pass that runs twice, or two
// services raising the same event, store it once.
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::notifications {

// One inbox entry.
struct Notification {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string kind;  // "deadline_reminder", "task_overdue", "task_assigned", ...
  std::optional<int64_t> task_id;
  std::optional<int64_t> problem_id;  // a notice about a supervision problem
  std::string title;
  std::string body;
  std::string dedup_key;
  std::string created_at;
  std::string read_at;        // "" = unread
  std::string template_name;  // app/notification_templates.h; "" = title/body as stored
  std::string params;         // the template's parameters, a JSON object of strings
};

// Inserts n (id and read_at ignored) unless its dedup_key is taken; returns
// the new id, or nullopt when it was a duplicate (nothing written).
Result<std::optional<int64_t>> insert(Tx& tx, const Notification& n);
// Which of `keys` are already used (looked up by exact key, in chunks).
Result<std::set<std::string>> existing_keys(Tx& tx, const std::vector<std::string>& keys);
Result<std::optional<Notification>> get(Tx& tx, int64_t id);
// The user's notifications by id: newest first when page.desc (sort is
// always by id).
Result<PageOf<Notification>> list(Tx& tx, int64_t user_id, bool unread_only, const Page& page);
Result<int64_t> unread_count(Tx& tx, int64_t user_id);
// Marks one of the user's notifications read (a read one keeps its time);
// false if the user has no notification with this id.
Result<bool> mark_read(Tx& tx, int64_t user_id, int64_t id, const std::string& now);
// Marks all the user's unread notifications read; returns how many.
Result<int64_t> mark_all_read(Tx& tx, int64_t user_id, const std::string& now);

// --- webhook outbox ---

struct Delivery {
  int64_t id = 0;
  int64_t notification_id = 0;
  std::string payload;  // the JSON body to POST
  std::string status;   // "pending" | "delivered" | "failed"
  int attempts = 0;
  std::string next_attempt_at;
  std::string last_error;
  std::string created_at;
  std::string delivered_at;
};

// A pending delivery of notification_id, due at `now`.
Result<int64_t> insert_delivery(Tx& tx, int64_t notification_id, const std::string& payload,
                                const std::string& now);
// Pending deliveries with next_attempt_at <= now, the longest-waiting first
// (index webhook_deliveries_due).
Result<std::vector<Delivery>> due_deliveries(Tx& tx, const std::string& now, int limit);
Result<std::optional<Delivery>> get_delivery(Tx& tx, int64_t id);
// Records the outcome of attempt number `attempts` of a pending delivery:
// delivered, or failed (status "failed" if final, else still "pending" and
// due again at next_attempt_at). Returns false if the row was no longer
// pending at attempts - 1 (someone else recorded this attempt).
Result<bool> record_delivered(Tx& tx, int64_t id, int attempts, const std::string& now);
Result<bool> record_failure(Tx& tx, int64_t id, int attempts, const std::string& error,
                            const std::string& next_attempt_at, bool final);

}  // namespace lantian::store::notifications
