// The in-app inbox (站内通知) and its webhook outbox.
//
// Raising a notice: other services call notify() inside their own write
// transaction, so the notice exists exactly when the change that caused it
// does (a task assigned, returned, a report requested; the reminder job):
//
//   db.write([&](store::Tx& tx) -> Status {
//     ... the change ...
//     LT_TRY(notifications.notify(tx, {.user_id = u, .kind = "task_assigned", .task_id = t,
//                                      .title = "...", .dedup_key = "assigned:" + ...}, now));
//     return {};
//   });
//
// notify() inserts the inbox row and, when a webhook is configured, a pending
// webhook_deliveries row in that same transaction; nothing is sent here. The
// webhook job (jobs/webhook.h) posts it later with retries, so a slow or
// failing webhook never holds up a request.
//
// Reading: every logged-in user has an inbox and sees only their own rows;
// another user's notification is not_found.
//
// Errors: invalid for a bad draft (no user, kind or title); not_found for a
// notification that is not the caller's; forbidden for the system actor,
// which has no inbox. Thread-safety: thread-safe.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "app/actor.h"
#include "app/notification_templates.h"
#include "core/clock.h"
#include "store/db.h"
#include "store/notifications_repo.h"
#include "store/paging.h"

namespace lantian::app {

using Notification = store::notifications::Notification;

struct NotificationDraft {
  int64_t user_id = 0;
  // What happened, a stable word the web app and webhook receivers switch on:
  // task_assigned, task_returned, task_accepted, task_reopened, report_requested,
  // deadline_reminder, milestone_reminder, task_overdue, report_overdue, overdue_digest.
  std::string kind;
  std::optional<int64_t> task_id;
  std::string title;  // one line, shown in the list (at most 200 characters)
  std::string body;   // optional detail
  // Identifies the event for this user, e.g. "overdue:12:2026-11-30:7": a
  // second notify() with the same key stores nothing. "" = a unique key is
  // made up (the notice is never a duplicate).
  std::string dedup_key;
  // The text from a template (app/notification_templates.h) with its
  // parameters, rendered in each reader's language (title and body above
  // are then filled with the Chinese); without one, title and body as given.
  std::string template_name;
  Params params;
  std::optional<int64_t> problem_id;  // a notice about a supervision problem
};

struct NotificationOptions {
  bool webhook = false;  // a webhook URL is configured: queue a delivery per notice
};

class NotificationService {
 public:
  NotificationService(store::Database& db, const Clock& clock, NotificationOptions options = {})
      : db_(db), clock_(clock), options_(options) {}
  const NotificationOptions& options() const { return options_; }

  // Within the caller's write transaction: stores the notice (and its
  // webhook delivery) unless draft.dedup_key was used before. `now` is the
  // caller's RFC 3339 time (format_utc). Returns the new id, or nullopt for a
  // duplicate. Errors: invalid for a bad draft; the store's errors (the
  // caller's transaction then rolls back as a whole).
  Result<std::optional<int64_t>> notify(store::Tx& tx, const NotificationDraft& draft,
                                        const std::string& now) const;

  // The caller's own notifications, newest first, in `lang`.
  Result<store::PageOf<Notification>> list(const Actor& a, bool unread_only, const store::Page& page,
                                           Lang lang = Lang::zh);
  Result<int64_t> unread_count(const Actor& a);
  // Marks one of the caller's notifications read (again is harmless).
  Result<Notification> mark_read(const Actor& a, int64_t id, Lang lang = Lang::zh);
  // Marks all the caller's notifications read; returns how many changed.
  Result<int64_t> mark_all_read(const Actor& a);

 private:
  store::Database& db_;
  const Clock& clock_;
  NotificationOptions options_;
};

// {id, kind, task_id, title, body, created_at, read_at, read}
boost::json::object notification_view(const Notification& n, boost::json::storage_ptr sp = {});

}  // namespace lantian::app
