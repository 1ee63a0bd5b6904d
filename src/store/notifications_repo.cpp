#include "store/notifications_repo.h"

#include "store/tables.h"

namespace lantian::store::notifications {
namespace {

constexpr const Table& N = tables::notifications;
constexpr Selection kSel{N};
const std::string kSelect = "SELECT " + kSel.sql() + " FROM notifications";

Notification from_row(Row& r) {
  constexpr const Selection& c = kSel;
  Notification n;
  n.id = r.i64(c["id"]);
  n.user_id = r.i64(c["user_id"]);
  n.kind = r.take_str(c["kind"]);
  n.task_id = r.opt_i64(c["task_id"]);
  n.problem_id = r.opt_i64(c["problem_id"]);
  n.title = r.take_str(c["title"]);
  n.body = r.take_str(c["body"]);
  n.dedup_key = r.take_str(c["dedup_key"]);
  n.created_at = r.take_str(c["created_at"]);
  n.read_at = r.take_str(c["read_at"]);
  n.template_name = r.take_str(c["template"]);
  n.params = r.take_str(c["params"]);
  return n;
}

constexpr const Table& D = tables::webhook_deliveries;
constexpr Selection kDeliverySel{D};
const std::string kSelectDelivery = "SELECT " + kDeliverySel.sql() + " FROM webhook_deliveries";

Delivery delivery_from_row(Row& r) {
  constexpr const Selection& c = kDeliverySel;
  Delivery d;
  d.id = r.i64(c["id"]);
  d.notification_id = r.i64(c["notification_id"]);
  d.payload = r.take_str(c["payload"]);
  d.status = r.take_str(c["status"]);
  d.attempts = int(r.i64(c["attempts"]));
  d.next_attempt_at = r.take_str(c["next_attempt_at"]);
  d.last_error = r.take_str(c["last_error"]);
  d.created_at = r.take_str(c["created_at"]);
  d.delivered_at = r.take_str(c["delivered_at"]);
  return d;
}

}  // namespace

Result<std::optional<int64_t>> insert(Tx& tx, const Notification& n) {
  Statement st = Fields(N)
                     .set(N["user_id"], n.user_id)
                     .set(N["kind"], n.kind)
                     .set(N["task_id"], opt(n.task_id))
                     .set(N["problem_id"], opt(n.problem_id))
                     .set(N["title"], n.title)
                     .set(N["body"], n.body)
                     .set(N["dedup_key"], n.dedup_key)
                     .set(N["created_at"], n.created_at)
                     .set(N["template"], n.template_name)
                     .set(N["params"], n.params.empty() ? "{}" : n.params)
                     .insert(" ON CONFLICT (dedup_key) DO NOTHING RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
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
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE id = $1", {id}));
  if (!row) return std::optional<Notification>();
  return std::optional<Notification>(from_row(*row));
}

Result<PageOf<Notification>> list(Tx& tx, int64_t user_id, bool unread_only, const Page& page) {
  const std::string where = unread_only ? " WHERE user_id = $1 AND read_at IS NULL" : " WHERE user_id = $1";
  PageOf<Notification> out;
  LT_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM notifications" + where, {user_id}));
  out.total = total ? total->i64(0) : 0;
  // Ids grow with time, and (user_id, id) is indexed: page.desc = newest first.
  LT_ASSIGN(auto rows, tx.query(kSelect + where + (page.desc ? " ORDER BY id DESC" : " ORDER BY id ASC") +
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
  Statement st = Fields(D)
                     .set(D["notification_id"], notification_id)
                     .set(D["payload"], payload)
                     .set(D["status"], std::string("pending"))
                     .set(D["attempts"], int64_t(0))
                     .set(D["next_attempt_at"], now)
                     .set(D["last_error"], std::string())
                     .set(D["created_at"], now)
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  return row->i64(0);
}

Result<std::vector<Delivery>> due_deliveries(Tx& tx, const std::string& now, int limit) {
  LT_ASSIGN(auto rows, tx.query(kSelectDelivery + " WHERE status = 'pending' AND next_attempt_at <= $1 "
                                                  "ORDER BY next_attempt_at, id LIMIT $2",
                                {now, int64_t(limit)}));
  std::vector<Delivery> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(delivery_from_row(r));
  return out;
}

Result<std::optional<Delivery>> get_delivery(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kSelectDelivery + " WHERE id = $1", {id}));
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
