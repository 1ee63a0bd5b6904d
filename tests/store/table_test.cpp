// The table-description mechanism (store/table.h): select lists and column
// positions derived from a description, and the statements Fields writes.
// (Misspelt names do not compile, so they cannot be tested here.)
#include "store/table.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace lantian::store {
namespace {

constexpr Column kThings[] = {
    {"id", Type::integer}, {"name", Type::text}, {"secret", Type::text}, {"note", Type::text, true}};
constexpr Table things{.name = "things", .columns = kThings, .key = "id", .serial = true};

constexpr Column kOthers[] = {{"id", Type::integer}};
constexpr Table others{.name = "others", .columns = kOthers, .key = "id"};

TEST(Selection, ListsEveryColumnThenTheExtras) {
  static constexpr Extra extras[] = {{"owner_name", "o.name"}, {"children", "(SELECT COUNT(*) FROM x)"}};
  constexpr Selection s{things, "t", extras};
  EXPECT_EQ(s.sql(), "t.id, t.name, t.secret, t.note, o.name, (SELECT COUNT(*) FROM x)");
  static_assert(s["id"] == 0 && s["note"] == 3 && s["owner_name"] == 4 && s["children"] == 5);
  static_assert(s.size() == 6);
  EXPECT_EQ(columns_sql(things), "id, name, secret, note");
}

TEST(Selection, AnExtraNamedLikeAColumnTakesItsPlace) {
  static constexpr Extra extras[] = {{"secret", "''"}, {"owner_name", "o.name"}};
  constexpr Selection s{things, "t", extras};
  EXPECT_EQ(s.sql(), "t.id, t.name, '', t.note, o.name");
  static_assert(s["secret"] == 2 && s["owner_name"] == 4 && s.size() == 5);
}

TEST(Selection, OnlyTheNamedColumnsInTheirOrder) {
  static constexpr std::string_view only[] = {"note", "id"};
  constexpr Selection s{things, "", only};
  EXPECT_EQ(s.sql(), "note, id");
  static_assert(s["note"] == 0 && s["id"] == 1 && s.size() == 2);
}

TEST(Fields, InsertNumbersItsParametersAndKeepsExpressions) {
  Statement st = Fields(things)
                     .set(things["name"], std::string("a"))
                     .set_sql(things["secret"], "lower('X')")
                     .set(things["note"], nullptr)
                     .insert(" RETURNING id");
  EXPECT_EQ(st.sql, "INSERT INTO things (name, secret, note) VALUES ($1, lower('X'), $2) RETURNING id");
  ASSERT_EQ(st.params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(st.params[0]), "a");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(st.params[1]));
}

TEST(Fields, UpdateNumbersTheSetValuesAfterTheCondition) {
  Statement st = Fields(things)
                     .set(things["name"], std::string("b"))
                     .set(things["name"], std::string("c"))  // the last value counts
                     .set_sql(things["secret"], "secret || '!'")
                     .set(things["note"], std::string("n"))
                     .update("id = $1 AND name = $2", {int64_t(7), std::string("a")});
  EXPECT_EQ(st.sql,
            "UPDATE things SET name = $3, secret = secret || '!', note = $4 WHERE id = $1 AND name = $2");
  ASSERT_EQ(st.params.size(), 4u);
  EXPECT_EQ(std::get<int64_t>(st.params[0]), 7);
  EXPECT_EQ(std::get<std::string>(st.params[2]), "c");
  EXPECT_EQ(std::get<std::string>(st.params[3]), "n");
}

TEST(Fields, ChangedFromKeepsOnlyDifferentValuesAndEveryExpression) {
  Fields before(things), after(things);
  before.set(things["name"], std::string("a"))
      .set(things["note"], nullptr)
      .set(things["secret"], std::string("s"));
  after
      .set(things["name"], std::string("a"))        // same: left out
      .set(things["note"], std::string("now set"))  // NULL → text: kept
      .set(things["secret"], std::string("s"))      // same: left out
      .set_sql(things["id"], "id");                 // an expression: always kept
  Fields changed = after.changed_from(before);
  Statement st = changed.update("id = $1", {int64_t(3)});
  EXPECT_EQ(st.sql, "UPDATE things SET note = $2, id = id WHERE id = $1");
  EXPECT_TRUE(Fields(things).set(things["name"], std::string("a")).changed_from(before).empty());
  EXPECT_FALSE(Fields(things).set(things["name"], std::string("b")).changed_from(before).empty());
  EXPECT_THROW(Fields(others).changed_from(before), std::logic_error);
}

TEST(Fields, UpsertUpdatesEverySetColumnButTheConflictOne) {
  Statement st = Fields(things)
                     .set(things["id"], int64_t(1))
                     .set(things["name"], std::string("a"))
                     .set(things["note"], std::string("n"))
                     .upsert(things["id"]);
  EXPECT_EQ(st.sql,
            "INSERT INTO things (id, name, note) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = "
            "excluded.name, note = excluded.note");
}

TEST(Fields, InsertRowsNumbersEveryRowsParametersInTurn) {
  std::vector<Fields> rows;
  for (int i = 0; i < 3; ++i)
    rows.emplace_back(things)
        .set(things["name"], std::string(1, char('a' + i)))
        .set_sql(things["secret"], "lower('X')")
        .set(things["note"], i == 1 ? Value(nullptr) : Value(std::string("n")));
  Statement st = Fields::insert_rows(rows, " RETURNING id");
  EXPECT_EQ(st.sql,
            "INSERT INTO things (name, secret, note) VALUES ($1, lower('X'), $2), ($3, lower('X'), $4), ($5, "
            "lower('X'), $6) RETURNING id");
  ASSERT_EQ(st.params.size(), 6u);
  EXPECT_EQ(std::get<std::string>(st.params[2]), "b");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(st.params[3]));
  EXPECT_EQ(std::get<std::string>(st.params[4]), "c");
  // One row is insert()'s statement.
  EXPECT_EQ(Fields::insert_rows(std::span<const Fields>(rows).first(1)).sql, rows[0].insert().sql);
  // Rows setting other columns (or the same in another order, or another
  // expression) would misnumber the parameters.
  rows.emplace_back(things).set(things["name"], std::string("d"));
  EXPECT_THROW(Fields::insert_rows(rows), std::logic_error);
  rows.back().set(things["note"], nullptr).set_sql(things["secret"], "'Y'");
  EXPECT_THROW(Fields::insert_rows(rows), std::logic_error);
  EXPECT_THROW(Fields::insert_rows({}), std::logic_error);
}

TEST(InGroups, SplitsIntoFewSizesLargestFirst) {
  auto groups = [](size_t n) {
    std::vector<size_t> out;
    size_t next = 0;
    Status st = in_groups(n, [&](size_t first, size_t count) -> Status {
      EXPECT_EQ(first, next);
      next += count;
      out.push_back(count);
      return {};
    });
    EXPECT_TRUE(st.ok());
    EXPECT_EQ(next, n);
    return out;
  };
  EXPECT_EQ(groups(0), std::vector<size_t>{});
  EXPECT_EQ(groups(3), (std::vector<size_t>{1, 1, 1}));
  EXPECT_EQ(groups(1000), (std::vector<size_t>{256, 256, 256, 64, 64, 64, 16, 16, 4, 4}));
  EXPECT_EQ(groups(2999).size(), 11u + 2 + 3 + 1 + 3);
  int calls = 0;
  Status st = in_groups(600, [&](size_t, size_t) -> Status {
    ++calls;
    return Error::conflict("stop");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(calls, 1);
}

TEST(Fields, AColumnOfAnotherTableIsAProgrammingError) {
  Fields f(things);
  EXPECT_THROW(f.set(others["id"], int64_t(1)), std::logic_error);
}

TEST(Fields, AValueOfTheWrongTypeIsAProgrammingError) {
  Fields f(things);
  EXPECT_THROW(f.set(things["id"], std::string("1")), std::logic_error);
  EXPECT_THROW(f.set(things["name"], int64_t(1)), std::logic_error);
  EXPECT_NO_THROW(f.set(things["note"], nullptr));
}

TEST(Table, FindsColumnsByNameAtRunTime) {
  ASSERT_NE(things.find("note"), nullptr);
  EXPECT_TRUE(things.find("note")->nullable);
  EXPECT_EQ(things.find("nope"), nullptr);
}

}  // namespace
}  // namespace lantian::store
