#include "app/notification_service.h"

#include "app/notification_templates.h"
#include "core/crypto.h"
#include "core/text.h"
#include "store/users_repo.h"

namespace lantian::app {

namespace json = boost::json;

namespace {

Status check_draft(const NotificationDraft& d) {
  std::vector<FieldError> errs;
  if (d.user_id <= 0) errs.push_back({"user_id", issue("required")});
  if (d.kind.empty() || d.kind.size() > 40) errs.push_back({"kind", issue("too_long", {{"max", "40"}})});
  if (auto m = check_text(d.title, 200, true)) errs.push_back({"title", *m});
  if (auto m = check_text(d.body, 2000, false, true)) errs.push_back({"body", *m});
  if (d.dedup_key.size() > 200) errs.push_back({"dedup_key", issue("too_long", {{"max", "200"}})});
  if (!errs.empty()) return Error::validation(std::move(errs));
  return {};
}

// A notice with a template reads in the reader's language.
void localize(Notification& n, Lang lang) {
  if (n.template_name.empty() || lang == Lang::zh) return;
  auto r = render_notification(n.template_name, params_from_json(n.params), lang);
  if (!r.ok()) return;  // a template since removed: the stored Chinese stays
  n.title = shorten_text(r->title, 200);
  n.body = shorten_text(r->body, 2000);
}

Status need_inbox(const Actor& a) {
  if (a.user_id <= 0) return Error::make("forbidden");
  return {};
}

}  // namespace

Result<std::optional<int64_t>> NotificationService::notify(store::Tx& tx, const NotificationDraft& draft,
                                                           const std::string& now) const {
  NotificationDraft d = draft;
  if (!d.template_name.empty()) {
    // The stored title/body are the Chinese rendering: what the webhook
    // sends and what a reader sees if the template is ever removed.
    LT_ASSIGN(auto zh, render_notification(d.template_name, d.params, Lang::zh));
    d.title = shorten_text(zh.title, 200);
    d.body = shorten_text(zh.body, 2000);
  }
  LT_TRY(check_draft(d));
  Notification n;
  n.template_name = d.template_name;
  n.params = d.template_name.empty() ? "{}" : params_to_json(d.params);
  n.user_id = d.user_id;
  n.kind = d.kind;
  n.task_id = d.task_id;
  n.problem_id = d.problem_id;
  n.title = d.title;
  n.body = d.body;
  n.dedup_key = d.dedup_key.empty() ? "unique:" + random_hex(16) : d.dedup_key;
  n.created_at = now;
  LT_ASSIGN(auto id, store::notifications::insert(tx, n));
  if (!id || !options_.webhook) return id;
  // The payload is fixed now, as the receiver would have seen it at this
  // moment (the user's name and phone for routing to SMS or a chat app).
  LT_ASSIGN(auto user, store::users::get(tx, d.user_id));
  json::object payload{{"id", *id},
                       {"kind", n.kind},
                       {"user",
                        {{"id", n.user_id},
                         {"name", user ? user->name : std::string()},
                         {"phone", user && !user->phone.empty() ? json::value(user->phone) : nullptr}}},
                       {"task_id", n.task_id ? json::value(*n.task_id) : json::value(nullptr)},
                       {"problem_id", n.problem_id ? json::value(*n.problem_id) : json::value(nullptr)},
                       {"title", n.title},
                       {"body", n.body},
                       {"created_at", n.created_at}};
  LT_TRY(store::notifications::insert_delivery(tx, *id, json::serialize(payload), now));
  return id;
}

Result<store::PageOf<Notification>> NotificationService::list(const Actor& a, bool unread_only,
                                                              const store::Page& page, Lang lang) {
  LT_TRY(need_inbox(a));
  store::PageOf<Notification> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::notifications::list(tx, a.user_id, unread_only, page));
    return {};
  }));
  for (auto& n : out.items) localize(n, lang);
  return out;
}

Result<int64_t> NotificationService::unread_count(const Actor& a) {
  LT_TRY(need_inbox(a));
  int64_t n = 0;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(n, store::notifications::unread_count(tx, a.user_id));
    return {};
  }));
  return n;
}

Result<Notification> NotificationService::mark_read(const Actor& a, int64_t id, Lang lang) {
  LT_TRY(need_inbox(a));
  std::string now = format_utc(clock_.now());
  Notification out;
  // Reading one's own inbox is not audited: it changes nothing but a flag.
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(bool found, store::notifications::mark_read(tx, a.user_id, id, now));
    if (!found) return Error::make("notification_not_found");
    LT_ASSIGN(auto n, store::notifications::get(tx, id));
    out = *n;
    return {};
  }));
  localize(out, lang);
  return out;
}

Result<int64_t> NotificationService::mark_all_read(const Actor& a) {
  LT_TRY(need_inbox(a));
  std::string now = format_utc(clock_.now());
  int64_t n = 0;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(n, store::notifications::mark_all_read(tx, a.user_id, now));
    return {};
  }));
  return n;
}

json::object notification_view(const Notification& n, json::storage_ptr sp) {
  json::object o(sp);
  o["id"] = n.id;
  o["kind"] = n.kind;
  o["task_id"] = n.task_id ? json::value(*n.task_id) : json::value(nullptr);
  o["problem_id"] = n.problem_id ? json::value(*n.problem_id) : json::value(nullptr);
  o["title"] = n.title;
  o["body"] = n.body;
  o["created_at"] = n.created_at;
  o["read_at"] = n.read_at.empty() ? json::value(nullptr) : json::value(n.read_at);
  o["read"] = !n.read_at.empty();
  return o;
}

}  // namespace lantian::app
