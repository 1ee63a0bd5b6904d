#include "store/migrations.h"

#include <set>

#include "core/clock.h"

namespace lantian::store {

Result<std::vector<std::string>> migrate(Database& db) {
  LT_TRY(db.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);"));
  std::set<std::string> done;
  LT_TRY(db.read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto rows, tx.query("SELECT name FROM schema_migrations"));
    for (auto& r : rows.rows) done.insert(r.str(0));
    return {};
  }));
  std::vector<std::string> applied;
  for (const auto& m : embedded_migrations()) {
    if (db.backend() != m.dialect || done.count(m.name)) continue;
    // The record goes first, in the same transaction as the file: when
    // several instances start at once, the second one's INSERT hits the
    // primary key (after waiting for the first on PostgreSQL, whose
    // transaction-scoped advisory lock orders them), and it skips the file.
    // Names come from our own files, not from users.
    std::string script;
    if (db.backend() == "postgres") script = "SELECT pg_advisory_xact_lock(7261543208190476544);\n";
    script += "INSERT INTO schema_migrations (name, applied_at) VALUES ('" + std::string(m.name) + "', '" +
              format_utc(SystemClock().now()) + "');\n";
    script += m.sql;
    Status st = db.exec_script(script);
    if (!st.ok() && st.error().kind == ErrorKind::conflict) {
      // Skip only if another instance really recorded it; a constraint
      // failing inside the migration itself is still an error.
      bool recorded = false;
      LT_TRY(db.read([&](Tx& tx) -> Status {
        LT_ASSIGN(auto r,
                  tx.query_one("SELECT 1 FROM schema_migrations WHERE name = $1", {std::string(m.name)}));
        recorded = r.has_value();
        return {};
      }));
      if (recorded) continue;
    }
    if (!st.ok()) {
      Error e = st.take_error();
      e.message = std::string("migration ") + m.name + " failed: " + e.message;
      return e;
    }
    applied.emplace_back(m.name);
  }
  return applied;
}

}  // namespace lantian::store
