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
    std::string script = m.sql;
    // Recording the name inside the same script keeps the file and its
    // record in one transaction. Names come from our own files, not users.
    script += "\nINSERT INTO schema_migrations (name, applied_at) VALUES ('" + std::string(m.name) + "', '" +
              format_utc(SystemClock().now()) + "');";
    Status st = db.exec_script(script);
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
