// One description per table. A Table names its columns (name, type,
// nullability), its key and how `lantian db copy` treats it; the catalogue
// store/tables.h holds one for every table of the schema, in copy order.
// Everything else is derived from it:
//   - select lists and reading a row by column name: Selection,
//   - INSERT / UPDATE statements and their parameters: Fields,
//   - db copy's table list (db_copy.cpp),
// and tests/store/schema_test.cpp checks every description against the
// migrated schema on SQLite and on PostgreSQL (and the two against each other).
//
// Adding a column: write the migration for both dialects and add the column
// to the table's description in tables.h; the schema test fails until the
// three agree. Then read it (from_row) and write it (Fields) by name.
//
// Column names are checked at compile time: Table::operator[] and
// Selection::operator[] are consteval, so a misspelt name does not compile:
//
//   constexpr Extra kJoined[] = {{"unit_name", "n.name"}};
//   constexpr Selection kSel{tables::users, "u", kJoined};
//   const std::string kSelect = "SELECT " + kSel.sql() + " FROM users u JOIN units n ...";
//   u.name = row.take_str(kSel["name"]);         // an index, resolved while compiling
//   u.unit_name = row.take_str(kSel["unit_name"]);
//
//   Fields f(tables::users);
//   f.set(tables::users["name"], u.name).set_sql(tables::users["version"], "version + 1");
//   Statement st = f.update("id = $1 AND version = $2", {u.id, u.version});
//   tx.exec(st.sql, st.params);
//
// Thread-safety: descriptions and selections are constants; a Fields is a
// plain value for one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace lantian::store {

// How a column's values are normalised on both dialects: integer (SQLite
// INTEGER, PostgreSQL INTEGER/BIGINT/BIGSERIAL; also 0/1 flags), real (DOUBLE
// PRECISION) or text.
enum class Type { integer, real, text };

struct Column {
  std::string_view name;
  Type type;
  bool nullable = false;
};

struct Table;

// A column of one table, as Fields takes it: Table::operator[].
struct ColumnId {
  const Table* table;
  size_t index;
};

struct Table {
  std::string_view name;
  std::span<const Column> columns;
  // The primary key, the first column (integer or text); "" for a link table
  // whose key is all its columns (db copy reads it whole, ordered by them all).
  std::string_view key;
  // A link table whose primary key is some of its columns, not all
  // ("inspection_id,code"); db copy still reads it ordered by every column.
  std::string_view link_key;
  // PostgreSQL: the key is a BIGSERIAL (db copy moves its sequence on).
  bool serial = false;
  // A column referencing this table's own key (units.parent_id): db copy
  // inserts such rows parents first, whatever their ids.
  std::string_view self_parent;
  // true: the installation's data (db copy's "target not empty" check counts
  // it); false: bookkeeping rows every migrated database has, replaced.
  bool holds_data = true;

  // The column called `column`; does not compile if there is none.
  consteval ColumnId operator[](std::string_view column) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == column) return {this, i};
    throw "no such column in this table";
  }
  // The column called `column`, or nullptr (for code that gets names at run time).
  const Column* find(std::string_view column) const;
};

// A joined or computed value in a select list: its name (for
// Selection::operator[]) and its SQL expression, a fixed string of the
// repository.
struct Extra {
  std::string_view name;
  std::string_view sql;
};

// A select list over one table: its columns (all, or the named ones),
// qualified with the table's alias, then extras. An extra named like a
// selected column takes that column's place: {"password_hash", "''"} lists
// users without their hashes, and the same from_row reads both.
class Selection {
 public:
  // Every column of t, in the description's order.
  consteval Selection(const Table& t, std::string_view alias = {}, std::span<const Extra> extras = {})
      : table_(&t), alias_(alias), extras_(extras) {
    check();
  }
  // Only the named columns of t, in this order.
  consteval Selection(const Table& t, std::string_view alias, std::span<const std::string_view> only,
                      std::span<const Extra> extras = {})
      : table_(&t), alias_(alias), only_(only), extras_(extras) {
    check();
  }

  // The position of a column or extra in the select list (for Row's
  // accessors); does not compile if there is none.
  consteval size_t operator[](std::string_view name) const {
    for (size_t i = 0; i < column_count(); ++i)
      if (column_name(i) == name) return i;
    size_t pos = column_count();
    for (const auto& e : extras_) {
      if (replaces_column(e.name)) continue;
      if (e.name == name) return pos;
      ++pos;
    }
    throw "no such column or extra in this selection";
  }
  // "t.id, t.title, ..., a.name": the list to put after SELECT.
  std::string sql() const;
  // Values per row.
  constexpr size_t size() const {
    size_t n = column_count();
    for (const auto& e : extras_)
      if (!replaces_column(e.name)) ++n;
    return n;
  }
  const Table& table() const { return *table_; }

 private:
  constexpr size_t column_count() const { return only_.empty() ? table_->columns.size() : only_.size(); }
  constexpr std::string_view column_name(size_t i) const {
    return only_.empty() ? table_->columns[i].name : only_[i];
  }
  constexpr bool replaces_column(std::string_view name) const {
    for (size_t i = 0; i < column_count(); ++i)
      if (column_name(i) == name) return true;
    return false;
  }
  consteval void check() const {
    for (auto name : only_) {
      bool found = false;
      for (const auto& c : table_->columns) found = found || c.name == name;
      if (!found) throw "Selection: no such column in this table";
    }
    for (size_t i = 0; i < extras_.size(); ++i)
      for (size_t j = i + 1; j < extras_.size(); ++j)
        if (extras_[i].name == extras_[j].name) throw "Selection: two extras of one name";
  }

  const Table* table_;
  std::string_view alias_;
  std::span<const std::string_view> only_;
  std::span<const Extra> extras_;
};

// The select list of every column of t: "t.a, t.b" (alias "t") or "a, b".
std::string columns_sql(const Table& t, std::string_view alias = {});

// A statement and its parameters, for Tx::query / Tx::exec.
struct Statement {
  std::string sql;
  std::vector<Value> params;
};

// The values of one INSERT or UPDATE of a table, column by column. Columns
// come from the same table's description (Table::operator[]). Programming
// errors throw std::logic_error: a column of another table, or a value that
// does not fit the column's type (text for an integer column: SQLite would
// store it, PostgreSQL would refuse it; an integer passes for a real). Setting
// a column twice keeps the last value.
class Fields {
 public:
  explicit Fields(const Table& t) : table_(&t) {}
  // A bound parameter.
  Fields& set(ColumnId c, Value v);
  // A fixed SQL expression of the repository ("version + 1"), never input.
  Fields& set_sql(ColumnId c, std::string_view expr);

  // "INSERT INTO t (a, b) VALUES ($1, $2)" + tail (" RETURNING id", ...).
  Statement insert(std::string_view tail = {}) const;
  // "UPDATE t SET a = $3, b = $4 WHERE " + where. The condition is written
  // with its own placeholders $1..$n for where_params (n of them); the set
  // values follow them.
  Statement update(std::string_view where, std::vector<Value> where_params) const;
  // The columns whose values differ from `before`'s (a Fields of the same
  // table, e.g. of the row as read), and every fixed expression: an UPDATE of
  // these rewrites only the indexes on columns that really change (SQLite and
  // PostgreSQL rewrite every index on a column the SET names, even to the
  // same value). Empty when nothing changed.
  Fields changed_from(const Fields& before) const;
  bool empty() const { return items_.empty(); }
  // insert() + " ON CONFLICT (conflict) DO UPDATE SET c = excluded.c" for
  // every set column except the conflict column, then tail.
  Statement upsert(ColumnId conflict, std::string_view tail = {}) const;
  // One INSERT of several rows: "INSERT INTO t (a, b) VALUES ($1, $2), ($3,
  // $4)" + tail. Every Fields sets the same columns in the same order, with
  // the same fixed expressions (std::logic_error otherwise), so the text
  // depends only on them and on the number of rows (see in_groups).
  static Statement insert_rows(std::span<const Fields> rows, std::string_view tail = {});

 private:
  struct Item {
    size_t column;
    Value value;
    std::string_view expr;  // non-empty: a fixed expression instead of value
  };
  Item& slot(ColumnId c);

  const Table* table_;
  std::vector<Item> items_;
};

// Calls fn(first, count) over [0, n) in groups of 256, 64, 16, 4 and 1 rows,
// largest first, stopping at the first error: a bulk insert of any size
// (Fields::insert_rows per group) needs a few statements, and at most five
// texts per statement, so the connections' prepared-statement caches stay
// small. 256 rows of up to 100 parameters stay below SQLite's and
// PostgreSQL's limits (32,766 and 65,535).
Status in_groups(size_t n, const std::function<Status(size_t first, size_t count)>& fn);

// After a unit moves from old_path to new_path ("/1/13/" → "/1/12/13/"):
// every value of the materialised unit path `column` of table t that lies in
// the old subtree gets the new prefix, in the caller's transaction. Returns
// the rows changed. `column` must be a text column of t (std::logic_error).
Result<int64_t> reroot_paths(Tx& tx, ColumnId column, const std::string& old_path,
                             const std::string& new_path);

}  // namespace lantian::store
