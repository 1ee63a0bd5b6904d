#include "store/table.h"

#include <algorithm>
#include <stdexcept>

#include "core/model.h"

namespace lantian::store {

const Column* Table::find(std::string_view column) const {
  for (const auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

namespace {

void add_name(std::string& out, std::string_view alias, std::string_view name) {
  if (!out.empty()) out += ", ";
  if (!alias.empty()) {
    out += alias;
    out += '.';
  }
  out += name;
}

}  // namespace

std::string Selection::sql() const {
  std::string out;
  for (size_t i = 0; i < column_count(); ++i) {
    std::string_view name = column_name(i);
    bool replaced = false;
    for (const auto& e : extras_) {
      if (e.name != name) continue;
      add_name(out, {}, e.sql);
      replaced = true;
    }
    if (!replaced) add_name(out, alias_, name);
  }
  for (const auto& e : extras_)
    if (!replaces_column(e.name)) add_name(out, {}, e.sql);
  return out;
}

std::string columns_sql(const Table& t, std::string_view alias) {
  std::string out;
  for (const auto& c : t.columns) add_name(out, alias, c.name);
  return out;
}

Fields::Item& Fields::slot(ColumnId c) {
  if (c.table != table_ || c.index >= table_->columns.size())
    throw std::logic_error("Fields of table " + std::string(table_->name) +
                           " given a column of another table");
  for (auto& it : items_)
    if (it.column == c.index) return it;
  return items_.emplace_back(Item{c.index, nullptr, {}});
}

// A value of the column's type, or NULL (integers pass for real columns).
bool fits(const Value& v, Type t) {
  if (std::holds_alternative<std::nullptr_t>(v)) return true;
  switch (t) {
    case Type::integer:
      return std::holds_alternative<int64_t>(v);
    case Type::real:
      return std::holds_alternative<double>(v) || std::holds_alternative<int64_t>(v);
    case Type::text:
      return std::holds_alternative<std::string>(v);
  }
  return false;
}

Fields& Fields::set(ColumnId c, Value v) {
  Item& it = slot(c);
  // SQLite would store a text in an integer column; PostgreSQL would refuse.
  const Column& col = table_->columns[c.index];
  if (!fits(v, col.type))
    throw std::logic_error("Fields: a value of the wrong type for " + std::string(table_->name) + "." +
                           std::string(col.name));
  it.value = std::move(v);
  it.expr = {};
  return *this;
}

Fields& Fields::set_sql(ColumnId c, std::string_view expr) {
  Item& it = slot(c);
  it.value = nullptr;
  it.expr = expr;
  return *this;
}

Statement Fields::insert(std::string_view tail) const {
  Statement st;
  st.params.reserve(items_.size());
  std::string names, values;
  for (const auto& it : items_) {
    if (!names.empty()) names += ", ", values += ", ";
    names += table_->columns[it.column].name;
    if (!it.expr.empty()) {
      values += it.expr;
    } else {
      st.params.push_back(it.value);
      values += "$" + std::to_string(st.params.size());
    }
  }
  st.sql = "INSERT INTO " + std::string(table_->name) + " (" + names + ") VALUES (" + values + ")";
  st.sql += tail;
  return st;
}

Statement Fields::insert_rows(std::span<const Fields> rows, std::string_view tail) {
  if (rows.empty()) throw std::logic_error("insert_rows: no rows");
  Statement st = rows[0].insert();
  const std::string head = st.sql.substr(0, st.sql.find(" VALUES ("));
  st.sql = head + " VALUES ";
  st.params.clear();
  st.params.reserve(rows.size() * rows[0].items_.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const Fields& f = rows[r];
    if (f.table_ != rows[0].table_ || f.items_.size() != rows[0].items_.size())
      throw std::logic_error("insert_rows: rows that set other columns");
    st.sql += r ? ", (" : "(";
    for (size_t i = 0; i < f.items_.size(); ++i) {
      const Item& it = f.items_[i];
      const Item& first = rows[0].items_[i];
      if (it.column != first.column || it.expr != first.expr)
        throw std::logic_error("insert_rows: rows that set other columns");
      if (i) st.sql += ", ";
      if (!it.expr.empty()) {
        st.sql += it.expr;
      } else {
        st.params.push_back(it.value);
        st.sql += "$" + std::to_string(st.params.size());
      }
    }
    st.sql += ")";
  }
  st.sql += tail;
  return st;
}

Status in_groups(size_t n, const std::function<Status(size_t first, size_t count)>& fn) {
  constexpr size_t kGroups[] = {256, 64, 16, 4, 1};
  size_t first = 0;
  for (size_t group : kGroups)
    for (; n - first >= group; first += group) LT_TRY(fn(first, group));
  return {};
}

Fields Fields::changed_from(const Fields& before) const {
  if (before.table_ != table_) throw std::logic_error("Fields::changed_from: rows of different tables");
  Fields out(*table_);
  for (const auto& it : items_) {
    if (it.expr.empty()) {
      auto old = std::find_if(before.items_.begin(), before.items_.end(),
                              [&](const Item& b) { return b.column == it.column; });
      if (old != before.items_.end() && old->expr.empty() && old->value == it.value) continue;
    }
    out.items_.push_back(it);
  }
  return out;
}

Statement Fields::update(std::string_view where, std::vector<Value> where_params) const {
  Statement st;
  st.params = std::move(where_params);
  st.params.reserve(st.params.size() + items_.size());
  st.sql = "UPDATE " + std::string(table_->name) + " SET ";
  bool first = true;
  for (const auto& it : items_) {
    if (!first) st.sql += ", ";
    first = false;
    st.sql += table_->columns[it.column].name;
    st.sql += " = ";
    if (!it.expr.empty()) {
      st.sql += it.expr;
    } else {
      st.params.push_back(it.value);
      st.sql += "$" + std::to_string(st.params.size());
    }
  }
  st.sql += " WHERE ";
  st.sql += where;
  return st;
}

Statement Fields::upsert(ColumnId conflict, std::string_view tail) const {
  if (conflict.table != table_) throw std::logic_error("upsert on a column of another table");
  Statement st = insert();
  std::string_view key = table_->columns[conflict.index].name;
  st.sql += " ON CONFLICT (" + std::string(key) + ") DO UPDATE SET ";
  bool first = true;
  for (const auto& it : items_) {
    if (it.column == conflict.index) continue;
    std::string_view name = table_->columns[it.column].name;
    if (!first) st.sql += ", ";
    first = false;
    st.sql += std::string(name) + " = excluded." + std::string(name);
  }
  st.sql += tail;
  return st;
}

Result<int64_t> reroot_paths(Tx& tx, ColumnId column, const std::string& old_path,
                             const std::string& new_path) {
  const Column& c = column.table->columns[column.index];
  if (c.type != Type::text) throw std::logic_error("reroot_paths: not a text column");
  const std::string t(column.table->name), n(c.name);
  return tx.exec(
      "UPDATE " + t + " SET " + n + " = $1 || substr(" + n + ", $2) WHERE " + n + " >= $3 AND " + n + " < $4",
      {new_path, int64_t(old_path.size() + 1), old_path, path_upper(old_path)});
}

}  // namespace lantian::store
