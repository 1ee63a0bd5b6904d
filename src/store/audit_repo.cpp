#include "store/audit_repo.h"

#include "store/tables.h"

namespace lantian::store::audit {
namespace {

constexpr const Table& L = tables::audit_log;
constexpr Selection kSel{L};
const std::string kSelect = "SELECT " + kSel.sql() + " FROM audit_log";

AuditEntry from_row(Row& r) {
  constexpr const Selection& c = kSel;
  AuditEntry e;
  e.id = r.i64(c["id"]);
  e.at = r.take_str(c["at"]);
  e.actor_id = r.i64(c["actor_id"]);
  e.actor_name = r.take_str(c["actor_name"]);
  e.action = r.take_str(c["action"]);
  e.entity = r.take_str(c["entity"]);
  e.entity_id = r.take_str(c["entity_id"]);
  e.before_json = r.take_str(c["before_json"]);
  e.after_json = r.take_str(c["after_json"]);
  e.client_address = r.take_str(c["client_address"]);
  e.prev_hash = r.take_str(c["prev_hash"]);
  e.hash = r.take_str(c["hash"]);
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
  Statement st = Fields(L)
                     .set(L["id"], e.id)
                     .set(L["at"], e.at)
                     .set(L["actor_id"], e.actor_id ? Value(e.actor_id) : Value(nullptr))
                     .set(L["actor_name"], e.actor_name)
                     .set(L["action"], e.action)
                     .set(L["entity"], e.entity)
                     .set(L["entity_id"], e.entity_id)
                     .set(L["before_json"], e.before_json)
                     .set(L["after_json"], e.after_json)
                     .set(L["client_address"], e.client_address)
                     .set(L["prev_hash"], e.prev_hash)
                     .set(L["hash"], e.hash)
                     .insert();
  LT_TRY(tx.exec(st.sql, st.params));
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
  std::string sql = kSelect + w.sql() + " ORDER BY id DESC";
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
    LT_ASSIGN(auto rows, tx.query(kSelect + " WHERE id > $1 ORDER BY id LIMIT 1000", {last_id}));
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
