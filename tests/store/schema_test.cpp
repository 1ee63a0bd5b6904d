// The schema is one schema: a fresh SQLite and a fresh PostgreSQL database,
// migrated, have the same tables, columns (normalised types, nullability,
// defaults), primary keys, unique constraints, indexes (columns, uniqueness,
// partial predicates), foreign keys and CHECK constraints; and every table
// description of the catalogue (store/tables.h) matches the migrated schema
// on both, so a migration that adds a column without its description fails.
//
// Each schema is read into "facts" (a sorted key -> value map, e.g.
// "tasks.column.title" -> "text not null default ''"), so a difference is
// reported as the facts that differ.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <set>

#include "core/crypto.h"
#include "store/migrations.h"
#include "store/tables.h"
#include "support/pg_cluster.h"

namespace lantian::store {
namespace {

using Facts = std::map<std::string, std::string>;

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// INTEGER / BIGINT / BIGSERIAL -> integer, TEXT -> text, REAL / DOUBLE
// PRECISION -> real, BLOB / BYTEA -> blob.
std::string normal_type(const std::string& declared) {
  std::string t = lower(declared);
  if (t.find("int") != std::string::npos || t.find("serial") != std::string::npos) return "integer";
  if (t.find("char") != std::string::npos || t.find("text") != std::string::npos ||
      t.find("clob") != std::string::npos)
    return "text";
  if (t.find("real") != std::string::npos || t.find("doub") != std::string::npos ||
      t.find("floa") != std::string::npos)
    return "real";
  if (t.find("blob") != std::string::npos || t.find("bytea") != std::string::npos) return "blob";
  return "unknown:" + t;
}

std::string type_name(Type t) {
  switch (t) {
    case Type::integer:
      return "integer";
    case Type::real:
      return "real";
    case Type::text:
      return "text";
  }
  return "?";
}

// SQL text without casts (PostgreSQL's "'[]'::text"), parentheses, case and
// spaces: enough to compare defaults and predicates written the same way.
std::string normal_sql(const std::string& sql) {
  static const std::regex cast("::[a-z ]+(\\[\\])?");
  std::string s = std::regex_replace(lower(sql), cast, "");
  std::string out;
  for (char c : s)
    if (c != '(' && c != ')' && c != ' ' && c != '\n') out += c;
  return out;
}

// A CHECK constraint as the columns it names and the literals it compares
// with: "kind IN ('session', 'api')" and PostgreSQL's "(kind = ANY
// (ARRAY['session'::text, 'api'::text]))" both give "kind: 'session','api'".
std::string check_signature(const std::string& expr, const std::set<std::string>& columns) {
  static const std::regex token("'(?:[^']|'')*'|[A-Za-z_][A-Za-z_0-9]*|[0-9]+(?:\\.[0-9]+)?");
  std::set<std::string> named;
  std::string literals;
  for (auto it = std::sregex_iterator(expr.begin(), expr.end(), token); it != std::sregex_iterator(); ++it) {
    std::string t = it->str();
    if (columns.count(t))
      named.insert(t);
    else if (t[0] == '\'' || std::isdigit(static_cast<unsigned char>(t[0])))
      literals += (literals.empty() ? "" : ",") + t;
  }
  std::string out;
  for (const auto& n : named) out += (out.empty() ? "" : ",") + n;
  return out + ": " + literals;
}

void add_fact(Facts& f, const std::string& key, const std::string& value) {
  auto [it, fresh] = f.emplace(key, value);
  if (!fresh) it->second += " | " + value;
}

std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

Result<Rows> q(Tx& tx, const std::string& sql) { return tx.query(sql, std::vector<Value>{}); }

// --- SQLite ---------------------------------------------------------------------

// The CHECK expressions of a CREATE TABLE statement (comments stripped).
std::vector<std::string> sqlite_checks(const std::string& create) {
  std::string sql;
  for (size_t i = 0; i < create.size(); ++i) {
    if (create.compare(i, 2, "--") == 0) {
      while (i < create.size() && create[i] != '\n') ++i;
    }
    if (i < create.size()) sql += create[i];
  }
  std::vector<std::string> out;
  std::string up = sql;
  for (auto& c : up) c = char(std::toupper(static_cast<unsigned char>(c)));
  for (size_t at = up.find("CHECK"); at != std::string::npos; at = up.find("CHECK", at + 5)) {
    // The keyword, not a name holding it ("checklist").
    auto word = [&](size_t i) { return std::isalnum(static_cast<unsigned char>(up[i])) || up[i] == '_'; };
    if ((at > 0 && word(at - 1)) || (at + 5 < up.size() && word(at + 5))) continue;
    size_t open = sql.find('(', at);
    int depth = 0;
    size_t end = open;
    for (; end < sql.size(); ++end) {
      if (sql[end] == '(') ++depth;
      if (sql[end] == ')' && --depth == 0) break;
    }
    out.push_back(sql.substr(open + 1, end - open - 1));
  }
  return out;
}

Result<Facts> sqlite_facts(Database& db) {
  Facts f;
  LT_TRY(db.read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto tables, q(tx,
                             "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                             "'sqlite_%' AND name <> 'schema_migrations' ORDER BY name"));
    for (const auto& t : tables.rows) {
      const std::string name = t.str(0);
      add_fact(f, name + ".table", "");
      LT_ASSIGN(auto cols, q(tx, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" +
                                     name + "') ORDER BY pk, cid"));
      std::vector<std::string> pk;
      std::set<std::string> names;
      for (const auto& c : cols.rows) {
        names.insert(c.str(0));
        bool not_null = c.i64(2) != 0 || c.i64(4) > 0;  // a primary key is never NULL
        std::string v = normal_type(c.str(1)) + (not_null ? " not null" : " null");
        if (!c.is_null(3)) v += " default " + normal_sql(c.str(3));
        add_fact(f, name + ".column." + c.str(0), v);
        if (c.i64(4) > 0) pk.push_back(c.str(0));
      }
      add_fact(f, name + ".primary_key", join(pk));
      LT_ASSIGN(auto idx, q(tx, "SELECT name, \"unique\", origin FROM pragma_index_list('" + name + "')"));
      for (const auto& i : idx.rows) {
        const std::string iname = i.str(0), origin = i.str(2);
        if (origin == "pk") continue;  // the primary key, above
        LT_ASSIGN(auto ic, q(tx, "SELECT cid, name FROM pragma_index_xinfo('" + iname +
                                     "') WHERE key = 1 ORDER BY seqno"));
        std::vector<std::string> on;
        for (const auto& c : ic.rows) on.push_back(c.i64(0) == -2 ? "<expression>" : c.str(1));
        if (origin == "u") {
          add_fact(f, name + ".unique(" + join(on) + ")", "");
          continue;
        }
        LT_ASSIGN(auto def,
                  q(tx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '" + iname + "'"));
        std::string sql = def.empty() ? "" : def.rows[0].str(0), where;
        size_t w = lower(sql).rfind(" where ");
        if (w != std::string::npos) where = " where " + normal_sql(sql.substr(w + 7));
        add_fact(f, name + ".index." + iname, (i.i64(1) ? "unique (" : "(") + join(on) + ")" + where);
      }
      LT_ASSIGN(auto fks, q(tx,
                            "SELECT id, \"from\", \"table\", \"to\", on_delete, on_update FROM "
                            "pragma_foreign_key_list('" +
                                name + "') ORDER BY id, seq"));
      std::map<int64_t, std::array<std::vector<std::string>, 2>> by_id;
      std::map<int64_t, std::string> target;
      for (const auto& k : fks.rows) {
        by_id[k.i64(0)][0].push_back(k.str(1));
        by_id[k.i64(0)][1].push_back(k.str(3));
        target[k.i64(0)] = k.str(2) + " on delete " + lower(k.str(4)) + " on update " + lower(k.str(5));
      }
      for (auto& [id, cols2] : by_id) {
        std::string to = target[id];
        to.insert(to.find(' '), "(" + join(cols2[1]) + ")");
        add_fact(f, name + ".foreign_key(" + join(cols2[0]) + ")", to);
      }
      for (const auto& c : sqlite_checks(t.str(1))) add_fact(f, name + ".check", check_signature(c, names));
    }
    return {};
  }));
  return f;
}

// --- PostgreSQL ------------------------------------------------------------------

// "a,b" for an array of attribute numbers (conkey, indkey) of relation rel;
// an expression (attribute 0) is "<expression>".
std::string attnames(const std::string& keys, const std::string& rel) {
  return "array_to_string(ARRAY(SELECT COALESCE(a.attname::text, '<expression>') FROM unnest(" + keys +
         "::int2[]) WITH ORDINALITY k(n, o) LEFT JOIN pg_attribute a ON a.attrelid = " + rel +
         " AND a.attnum = k.n ORDER BY k.o), ',')";
}

std::string pg_action(const std::string& c) {
  if (c == "r") return "restrict";
  if (c == "c") return "cascade";
  if (c == "n") return "set null";
  if (c == "d") return "set default";
  return "no action";
}

Result<Facts> pg_facts(Database& db, std::set<std::string>* serial_keys) {
  Facts f;
  LT_TRY(db.read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto tables, q(tx,
                             "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                             "current_schema() AND table_type = 'BASE TABLE' AND table_name <> "
                             "'schema_migrations' ORDER BY table_name"));
    for (const auto& t : tables.rows) {
      const std::string name = t.str(0), rel = "'" + name + "'::regclass";
      add_fact(f, name + ".table", "");
      LT_ASSIGN(auto cols, q(tx,
                             "SELECT column_name, data_type, is_nullable, column_default FROM "
                             "information_schema.columns WHERE table_schema = current_schema() AND "
                             "table_name = '" +
                                 name + "'"));
      std::set<std::string> names;
      for (const auto& c : cols.rows) {
        names.insert(c.str(0));
        std::string v = normal_type(c.str(1)) + (c.str(2) == "NO" ? " not null" : " null");
        std::string def = c.is_null(3) ? "" : c.str(3);
        if (def.rfind("nextval(", 0) == 0) {
          if (serial_keys) serial_keys->insert(name + "." + c.str(0));
        } else if (!def.empty()) {
          v += " default " + normal_sql(def);
        }
        add_fact(f, name + ".column." + c.str(0), v);
      }
      LT_ASSIGN(auto cons,
                q(tx, "SELECT c.contype::text, " + attnames("c.conkey", "c.conrelid") +
                          ", COALESCE(fr.relname::text, ''), " + attnames("c.confkey", "c.confrelid") +
                          ", c.confdeltype::text, c.confupdtype::text, "
                          "pg_get_constraintdef(c.oid) FROM pg_constraint c LEFT JOIN pg_class fr "
                          "ON fr.oid = c.confrelid WHERE c.conrelid = " +
                          rel));
      bool has_pk = false;
      for (const auto& c : cons.rows) {
        std::string type = c.str(0), on = c.str(1);
        if (type == "p") {
          add_fact(f, name + ".primary_key", on);
          has_pk = true;
        } else if (type == "u") {
          add_fact(f, name + ".unique(" + on + ")", "");
        } else if (type == "f") {
          add_fact(f, name + ".foreign_key(" + on + ")",
                   c.str(2) + "(" + c.str(3) + ") on delete " + pg_action(c.str(4)) + " on update " +
                       pg_action(c.str(5)));
        } else if (type == "c") {
          add_fact(f, name + ".check", check_signature(c.str(6), names));
        } else {
          add_fact(f, name + ".constraint", type);
        }
      }
      if (!has_pk) add_fact(f, name + ".primary_key", "");
      LT_ASSIGN(auto idx,
                q(tx, "SELECT i.relname::text, CASE WHEN x.indisunique THEN 1 ELSE 0 END, " +
                          attnames("x.indkey", "x.indrelid") +
                          ", COALESCE(pg_get_expr(x.indpred, x.indrelid), '') FROM pg_index x JOIN pg_class "
                          "i ON i.oid = x.indexrelid WHERE x.indrelid = " +
                          rel +
                          " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                          "AND c.conrelid = x.indrelid)"));
      for (const auto& i : idx.rows) {
        std::string where = i.str(3).empty() ? "" : " where " + normal_sql(i.str(3));
        add_fact(f, name + ".index." + i.str(0), (i.i64(1) ? "unique (" : "(") + i.str(2) + ")" + where);
      }
    }
    return {};
  }));
  return f;
}

// --- Databases -------------------------------------------------------------------

struct Migrated {
  std::unique_ptr<Database> db;
  std::string pg_url;  // dropped at the end
  ~Migrated() {
    db.reset();
    if (!pg_url.empty()) test::drop_database(test::PgCluster::shared().url(), pg_url);
  }
};

void open_migrated(const std::string& url, Migrated& out) {
  auto db = open_database(url);
  ASSERT_TRUE(db.ok()) << db.error().message;
  out.db = std::move(db).value();
  auto m = migrate(*out.db);
  ASSERT_TRUE(m.ok()) << m.error().message;
}

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ =
        std::filesystem::temp_directory_path() / ("lantian-schema-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // after_migrating: statements run on the migrated database (to show drift).
  Facts sqlite(const std::string& after_migrating = "") {
    Migrated m;
    open_migrated("sqlite:" + (dir_ / "schema.db").string(), m);
    if (HasFatalFailure()) return {};
    if (!after_migrating.empty()) {
      EXPECT_TRUE(m.db->exec_script(after_migrating).ok());
    }
    auto f = sqlite_facts(*m.db);
    EXPECT_TRUE(f.ok()) << f.error().message;
    return f.ok() ? *f : Facts{};
  }
  // Empty (and the test skipped or failed) without a PostgreSQL server.
  std::optional<Facts> postgres(std::set<std::string>* serial_keys = nullptr) {
    auto& pg = test::PgCluster::shared();
    if (!pg.ok()) {
      if (!pg.skippable()) ADD_FAILURE() << pg.error();
      return std::nullopt;
    }
    Migrated m;
    m.pg_url = test::fresh_database(pg.url());
    open_migrated(m.pg_url, m);
    if (HasFatalFailure()) return std::nullopt;
    auto f = pg_facts(*m.db, serial_keys);
    EXPECT_TRUE(f.ok()) << f.error().message;
    return f.ok() ? std::optional<Facts>(*f) : std::nullopt;
  }

  std::filesystem::path dir_;
};

// Every difference between two fact sets, one line each.
std::string differences(const Facts& a, const char* a_name, const Facts& b, const char* b_name) {
  std::string out;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end())
      out += "\n  " + k + ": " + a_name + " has \"" + v + "\", " + b_name + " has nothing";
    else if (it->second != v)
      out += "\n  " + k + ": " + a_name + " has \"" + v + "\", " + b_name + " has \"" + it->second + "\"";
  }
  for (const auto& [k, v] : b)
    if (!a.count(k)) out += "\n  " + k + ": " + a_name + " has nothing, " + b_name + " has \"" + v + "\"";
  return out;
}

// The descriptions' side of the facts they can state: tables, column types
// and nullability, primary keys.
Facts description_facts() {
  Facts f;
  for (const Table* t : tables::all()) {
    const std::string name(t->name);
    add_fact(f, name + ".table", "");
    std::vector<std::string> all;
    for (const auto& c : t->columns) {
      add_fact(f, name + ".column." + std::string(c.name),
               type_name(c.type) + (c.nullable ? " null" : " not null"));
      all.emplace_back(c.name);
    }
    // A link table's key is all its columns.
    add_fact(f, name + ".primary_key",
             !t->key.empty()        ? std::string(t->key)
             : !t->link_key.empty() ? std::string(t->link_key)
                                    : join(all));
  }
  return f;
}

// The facts of a schema that descriptions state, column defaults left out
// (and the tables the catalogue leaves out on purpose: tables::kCarriedApart).
Facts described_part(const Facts& schema) {
  static const std::regex kept("^[a-z_0-9]+\\.(table|column\\.[a-z_0-9]+|primary_key)$");
  Facts out;
  for (const auto& [k, v] : schema) {
    if (!std::regex_match(k, kept)) continue;
    bool apart = false;
    for (std::string_view t : tables::kCarriedApart) apart = apart || k.rfind(std::string(t) + ".", 0) == 0;
    if (apart) continue;
    size_t d = v.find(" default ");
    out[k] = d == std::string::npos ? v : v.substr(0, d);
  }
  return out;
}

TEST_F(SchemaTest, SqliteAndPostgresMigrateToTheSameSchema) {
  Facts lite = sqlite();
  auto pg = postgres();
  if (!pg) GTEST_SKIP() << "no PostgreSQL: " << test::PgCluster::shared().error();
  ASSERT_FALSE(lite.empty());
  // LANTIAN_SCHEMA_DUMP=1 prints what was compared.
  if (std::getenv("LANTIAN_SCHEMA_DUMP"))
    for (const auto& [k, v] : lite) std::printf("%-60s %s | %s\n", k.c_str(), v.c_str(), (*pg)[k].c_str());
  // Enough was read to mean something.
  EXPECT_EQ(lite.count("tasks.column.deadline_working_days"), 1u);
  EXPECT_EQ(lite.count("units.index.units_parent_name"), 1u);
  EXPECT_EQ(lite.count("sessions.check"), 1u);
  EXPECT_EQ(lite.count("tasks.foreign_key(parent_id)"), 1u);
  EXPECT_EQ(differences(lite, "SQLite", *pg, "PostgreSQL"), "") << "the dialects' migrations differ";
}

TEST_F(SchemaTest, DescriptionsMatchTheSqliteSchema) {
  Facts lite = described_part(sqlite());
  Facts want = description_facts();
  EXPECT_EQ(differences(want, "tables.h", lite, "SQLite"), "") << "store/tables.h and the migrations differ";
}

TEST_F(SchemaTest, DescriptionsMatchThePostgresSchema) {
  std::set<std::string> serial;
  auto pg = postgres(&serial);
  if (!pg) GTEST_SKIP() << "no PostgreSQL: " << test::PgCluster::shared().error();
  Facts have = described_part(*pg);
  Facts want = description_facts();
  EXPECT_EQ(differences(want, "tables.h", have, "PostgreSQL"), "")
      << "store/tables.h and the migrations differ";
  // Serial keys: db copy moves exactly these sequences on.
  std::set<std::string> described;
  for (const Table* t : tables::all())
    if (t->serial) described.insert(std::string(t->name) + "." + std::string(t->key));
  EXPECT_EQ(described, serial);
}

// The comparison sees a column, an index, a check and a nullability change.
TEST_F(SchemaTest, DriftIsReported) {
  Facts before = sqlite();
  std::filesystem::remove(dir_ / "schema.db");
  Facts after = sqlite(
      "ALTER TABLE units ADD COLUMN note TEXT; CREATE INDEX units_note ON units (note) WHERE note <> ''; "
      "CREATE TABLE extra (id INTEGER PRIMARY KEY, n INTEGER NOT NULL CHECK (n > 0));");
  std::string diff = differences(before, "before", after, "after");
  EXPECT_NE(diff.find("units.column.note: before has nothing, after has \"text null\""), std::string::npos)
      << diff;
  EXPECT_NE(diff.find("units.index.units_note: before has nothing, after has \"(note) where note<>''\""),
            std::string::npos)
      << diff;
  EXPECT_NE(diff.find("extra.check: before has nothing, after has \"n: 0\""), std::string::npos) << diff;
  EXPECT_NE(differences(description_facts(), "tables.h", described_part(after), "SQLite")
                .find("units.column.note: tables.h has nothing, SQLite has \"text null\""),
            std::string::npos);
}

// What db copy relies on beyond the columns.
TEST(TableDescriptions, KeysAndSelfParentsAreColumns) {
  std::set<std::string_view> names;
  for (const Table* t : tables::all()) {
    EXPECT_TRUE(names.insert(t->name).second) << t->name << " is listed twice";
    ASSERT_FALSE(t->columns.empty()) << t->name;
    if (!t->key.empty()) {
      EXPECT_EQ(t->columns[0].name, t->key) << t->name << ": the key comes first";
    }
    if (!t->self_parent.empty()) {
      EXPECT_NE(t->find(t->self_parent), nullptr) << t->name;
    }
    if (t->serial) {
      EXPECT_EQ(t->columns[0].type, Type::integer) << t->name;
    }
  }
}

}  // namespace
}  // namespace lantian::store
