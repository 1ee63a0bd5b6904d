#include "store/notifications_repo.h"

namespace lantian::store::notifications {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, user_id, kind, task_id, title, body, dedup_key, created_at, read_at, template, params FROM "
    "notifications";

Notification from_row(Row& r) {
  Notification n;
  n.id = r.i64(0);
  n.user_id = r.i64(1);
  n.kind = r.take_str(2);
  if (!r.is_null(3)) n.task_id = r.i64(3);
  n.title = r.take_str(4);
  n.body = r.take_str(5);
  n.dedup_key = r.take_str(6);
  n.created_at = r.take_str(7);
  n.read_at = r.take_str(8);
  n.template_name = r.take_str(9);
  n.params = r.take_str(10);
  return n;
}

constexpr std::string_view kSelectDelivery =
    "SELECT id, notification_id, payload, status, attempts, next_attempt_at, last_error, created_at, "
    "delivered_at FROM webhook_deliveries";

Delivery delivery_from_row(Row& r) {
  Delivery d;
  d.id = r.i64(0);
  d.notification_id = r.i64(1);
  d.payload = r.take_str(2);
  d.status = r.take_str(3);
  d.attempts = int(r.i64(4));
  d.next_attempt_at = r.take_str(5);
  d.last_error = r.take_str(6);
  d.created_at = r.take_str(7);
  d.delivered_at = r.take_str(8);
  return d;
}

}  // namespace

Result<std::optional<int64_t>> insert(Tx& tx, const Notification& n) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO notifications (user_id, kind, task_id, title, body, dedup_key, "
                         "created_at, template, params) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                         "ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
                         {n.user_id, n.kind, n.task_id ? Value(*n.task_id) : Value(nullptr), n.title, n.body,
                          n.dedup_key, n.created_at, n.template_name, n.params.empty() ? "{}" : n.params}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->i64(0));
}

Result<std::set<std::string>> existing_keys(Tx& tx, const std::vector<std::string>& keys) {
  // Exact keys, so the unique index answers each one on both databases (a
  // prefix range would depend on PostgreSQL's collation).
  constexpr size_t kChunk = 200;
  std::set<std::string> out;
  for (size_t i = 0; i < keys.size(); i += kChunk) {
    std::string sql = "SELECT dedup_key FROM notifications WHERE dedup_key IN (";
    std::vector<Value> params;
    for (size_t j = i; j < keys.size() && j < i + kChunk; ++j) {
      params.push_back(keys[j]);
      sql += (j > i ? ", $" : "$") + std::to_string(params.size());
    }
    sql += ")";
    LT_ASSIGN(auto rows, tx.query(sql, params));
    for (auto& r : rows.rows) out.insert(r.take_str(0));
  }
  return out;
}

Result<std::optional<Notification>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE id = $1", {id}));
  if (!row) return std::optional<Notification>();
  return std::optional<Notification>(from_row(*row));
}

Result<PageOf<Notification>> list(Tx& tx, int64_t user_id, bool unread_only, const Page& page) {
  const std::string where = unread_only ? " WHERE user_id = $1 AND read_at IS NULL" : " WHERE user_id = $1";
  PageOf<Notification> out;
  LT_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM notifications" + where, {user_id}));
  out.total = total ? total->i64(0) : 0;
  // Ids grow with time, and (user_id, id) is indexed: page.desc = newest first.
  LT_ASSIGN(auto rows,
            tx.query(std::string(kSelect) + where + (page.desc ? " ORDER BY id DESC" : " ORDER BY id ASC") +
                         " LIMIT $2 OFFSET $3",
                     {user_id, page.per_page, page.offset()}));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<int64_t> unread_count(Tx& tx, int64_t user_id) {
  LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
                                 {user_id}));
  return r ? r->i64(0) : 0;
}

Result<bool> mark_read(Tx& tx, int64_t user_id, int64_t id, const std::string& now) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT read_at FROM notifications WHERE id = $1 AND user_id = $2", {id, user_id}));
  if (!row) return false;
  if (row->is_null(0)) LT_TRY(tx.exec("UPDATE notifications SET read_at = $1 WHERE id = $2", {now, id}));
  return true;
}

Result<int64_t> mark_all_read(Tx& tx, int64_t user_id, const std::string& now) {
  return tx.exec("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
                 {now, user_id});
}

Result<int64_t> insert_delivery(Tx& tx, int64_t notification_id, const std::string& payload,
                                const std::string& now) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO webhook_deliveries (notification_id, payload, status, attempts, "
                         "next_attempt_at, last_error, created_at) "
                         "VALUES ($1, $2, 'pending', 0, $3, '', $3) RETURNING id",
                         {notification_id, payload, now}));
  return row->i64(0);
}

Result<std::vector<Delivery>> due_deliveries(Tx& tx, const std::string& now, int limit) {
  LT_ASSIGN(auto rows,
            tx.query(std::string(kSelectDelivery) + " WHERE status = 'pending' AND next_attempt_at <= $1 "
                                                    "ORDER BY next_attempt_at, id LIMIT $2",
                     {now, int64_t(limit)}));
  std::vector<Delivery> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(delivery_from_row(r));
  return out;
}

Result<std::optional<Delivery>> get_delivery(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelectDelivery) + " WHERE id = $1", {id}));
  if (!row) return std::optional<Delivery>();
  return std::optional<Delivery>(delivery_from_row(*row));
}

Result<bool> record_delivered(Tx& tx, int64_t id, int attempts, const std::string& now) {
  LT_ASSIGN(auto n,
            tx.exec("UPDATE webhook_deliveries SET status = 'delivered', attempts = $1, last_error = '', "
                    "delivered_at = $2 WHERE id = $3 AND status = 'pending' AND attempts = $4",
                    {int64_t(attempts), now, id, int64_t(attempts - 1)}));
  return n > 0;
}

Result<bool> record_failure(Tx& tx, int64_t id, int attempts, const std::string& error,
                            const std::string& next_attempt_at, bool final) {
  LT_ASSIGN(auto n, tx.exec("UPDATE webhook_deliveries SET status = $1, attempts = $2, last_error = $3, "
                            "next_attempt_at = $4 WHERE id = $5 AND status = 'pending' AND attempts = $6",
                            {std::string(final ? "failed" : "pending"), int64_t(attempts), error,
                             next_attempt_at, id, int64_t(attempts - 1)}));
  return n > 0;
}

}  // namespace lantian::store::notifications
