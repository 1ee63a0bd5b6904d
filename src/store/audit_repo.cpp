#include "store/audit_repo.h"

namespace lantian::store::audit {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, at, actor_id, actor_name, action, entity, entity_id, before_json, after_json, "
    "client_address, "
    "prev_hash, hash FROM audit_log";

AuditEntry from_row(Row& r) {
  AuditEntry e;
  e.id = r.i64(0);
  e.at = r.take_str(1);
  e.actor_id = r.i64(2);
  e.actor_name = r.take_str(3);
  e.action = r.take_str(4);
  e.entity = r.take_str(5);
  e.entity_id = r.take_str(6);
  e.before_json = r.take_str(7);
  e.after_json = r.take_str(8);
  e.client_address = r.take_str(9);
  e.prev_hash = r.take_str(10);
  e.hash = r.take_str(11);
  return e;
}

}  // namespace

Result<AuditEntry> append(Tx& tx, AuditEntry e) {
  // Updating the head row first takes its row lock (PostgreSQL) or is already
  // serialised (SQLite's single writer), so ids and hashes never interleave.
  LT_TRY(tx.exec("UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1", {}));
  LT_ASSIGN(auto head, tx.query_one("SELECT last_id, last_hash FROM audit_head WHERE id = 1", {}));
  if (!head) return Error::internal("audit_head row is missing");
  e.id = head->i64(0);
  e.prev_hash = head->str(1);
  e.hash = audit_entry_hash(e);
  LT_TRY(
      tx.exec("INSERT INTO audit_log (id, at, actor_id, actor_name, action, entity, entity_id, before_json, "
              "after_json, client_address, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11, $12)",
              {e.id, e.at, e.actor_id ? Value(e.actor_id) : Value(nullptr), e.actor_name, e.action, e.entity,
               e.entity_id, e.before_json, e.after_json, e.client_address, e.prev_hash, e.hash}));
  LT_TRY(tx.exec("UPDATE audit_head SET last_hash = $1 WHERE id = 1", {e.hash}));
  return e;
}

Result<PageOf<AuditEntry>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  if (!f.entity.empty()) w.add("entity = ?", {f.entity});
  if (!f.entity_id.empty()) w.add("entity_id = ?", {f.entity_id});
  if (f.actor_id) w.add("actor_id = ?", {*f.actor_id});
  if (!f.action.empty()) w.add("action = ?", {f.action});
  auto one_of = [&w](const char* column, const std::vector<std::string>& values, bool negate) {
    if (values.empty()) return;
    std::string sql = std::string(column) + (negate ? " NOT IN (" : " IN (");
    std::vector<Value> vals;
    for (size_t i = 0; i < values.size(); ++i) {
      sql += i ? ", ?" : "?";
      vals.emplace_back(values[i]);
    }
    w.add(sql + ")", std::move(vals));
  };
  one_of("entity", f.entities_in, false);
  one_of("action", f.actions_in, false);
  one_of("action", f.actions_not_in, true);
  if (!f.from.empty()) w.add("at >= ?", {f.from});
  if (!f.to.empty()) w.add("at < ?", {f.to});
  PageOf<AuditEntry> out;
  LT_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM audit_log" + w.sql(), w.params()));
  out.total = total ? total->i64(0) : 0;
  std::string sql = std::string(kSelect) + w.sql() + " ORDER BY id DESC";
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<VerifyReport> verify(Tx& tx) {
  VerifyReport rep;
  std::string prev = kGenesisHash;
  int64_t last_id = 0;
  for (;;) {
    LT_ASSIGN(auto rows, tx.query(std::string(kSelect) + " WHERE id > $1 ORDER BY id LIMIT 1000", {last_id}));
    if (rows.empty()) break;
    for (auto& r : rows.rows) {
      AuditEntry e = from_row(r);
      rep.checked++;
      std::string reason;
      if (e.id != last_id + 1)
        reason = "entry " + std::to_string(last_id + 1) + " is missing";
      else if (e.prev_hash != prev)
        reason = "prev_hash does not match the previous entry";
      else if (audit_entry_hash(e) != e.hash)
        reason = "content does not match its hash";
      if (!reason.empty()) {
        rep.ok = false;
        rep.first_bad_id = e.id != last_id + 1 ? last_id + 1 : e.id;
        rep.reason = reason;
        return rep;
      }
      prev = e.hash;
      last_id = e.id;
    }
  }
  LT_ASSIGN(auto head, tx.query_one("SELECT last_id, last_hash FROM audit_head WHERE id = 1", {}));
  if (head && (head->i64(0) != last_id || head->str(1) != prev)) {
    rep.ok = false;
    rep.first_bad_id = last_id + 1;
    rep.reason = "entries after " + std::to_string(last_id) + " were removed";
  }
  return rep;
}

}  // namespace lantian::store::audit
