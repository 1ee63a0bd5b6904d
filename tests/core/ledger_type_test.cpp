// Ledger type definitions (core/ledger_type.h): a full definition parses
// into what the engine, lists and Excel use; every kind of mistake is named
// with its line and column; adding a field is a change of the file alone.
#include "core/ledger_type.h"

#include <gtest/gtest.h>

#include "core/ledger_values.h"
#include "core/ledgers.h"
#include "core/work_areas.h"

namespace lantian {
namespace {

constexpr std::string_view kWorkflow = R"(
name = "ledger_boiler"
initial = "registered"
[[states]]
name = "registered"
label = { zh-CN = "待淘汰", en = "To remove" }
color = "#909399"
open = true
[[states]]
name = "removed"
label = { zh-CN = "已拆除", en = "Removed" }
color = "#67c23a"
done = true
final = true
[[actions]]
name = "remove"
label = { zh-CN = "拆除", en = "Remove" }
from = ["registered"]
to = "removed"
parties = ["owner"]
required_fields = ["removed_on"]
evidence = ["photo"]
)";

constexpr std::string_view kBoilers = R"(
name = "small_boilers"
label = { zh-CN = "燃煤小锅炉台账", en = "Small coal boilers" }
work_area = "small_boilers"
workflow = "ledger_boiler"
title_field = "owner_name"

[[fields]]
name = "owner_name"
label = { zh-CN = "使用单位", en = "Owner" }
type = "text"
required = true
max_length = 100

[[fields]]
name = "capacity"
label = { zh-CN = "额定蒸发量", en = "Capacity" }
type = "decimal"
unit = "t/h"
min = 0
max = 35
required = true

[[fields]]
name = "fuel"
label = { zh-CN = "燃料", en = "Fuel" }
type = "choice"
choices = [
  { code = "coal", label = { zh-CN = "燃煤", en = "Coal" } },
  { code = "biomass", label = { zh-CN = "生物质", en = "Biomass" } },
]

[[fields]]
name = "removed_on"
label = { zh-CN = "拆除日期", en = "Removed on" }
type = "date"

[list]
columns = ["owner_name", "unit", "capacity", "fuel", "status"]
filters = ["fuel", "status", "unit", "removed_on"]

[excel]
columns = ["owner_name", "unit", "capacity", "fuel", "removed_on", "status"]
key = ["owner_name", "unit"]

[[counts]]
state = "removed"
quantity = "rows"
label = { zh-CN = "已淘汰台数", en = "Boilers removed" }

[[counts]]
state = "removed"
quantity = "capacity"
label = { zh-CN = "已淘汰蒸吨", en = "Tonnes of steam removed" }
)";

class LedgerTypeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WorkflowRegistry reg;
    reg.record = "ledger_row";
    reg.evidence_kinds = {"photo", "document"};
    reg.fields = {"removed_on"};
    auto wf = parse_workflow(kWorkflow, "ledger_boiler.toml", reg);
    ASSERT_TRUE(wf.ok()) << wf.error().message;
    workflow_ = *wf;
  }
  Result<LedgerType> parse(std::string_view text) {
    return parse_ledger_type(text, "small_boilers.toml", [this](std::string_view name) {
      return name == workflow_.name ? &workflow_ : nullptr;
    });
  }
  // The definition with `from` replaced by `to` (once; it must be there).
  std::string edit(std::string_view from, std::string_view to) {
    std::string s(kBoilers);
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  }
  // The problems of an edited definition (empty if it parsed).
  std::string problems(std::string_view from, std::string_view to) {
    auto r = parse(edit(from, to));
    return r.ok() ? "" : r.error().message;
  }
  WorkflowDef workflow_;
};

TEST_F(LedgerTypeTest, AFullDefinitionParses) {
  auto t = parse(kBoilers);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->name, "small_boilers");
  EXPECT_EQ(t->label.zh, "燃煤小锅炉台账");
  EXPECT_EQ(t->work_area, "small_boilers");
  ASSERT_EQ(t->fields.size(), 4u);
  const LedgerField* cap = t->field("capacity");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->type, FieldType::decimal);
  EXPECT_EQ(cap->unit, "t/h");
  EXPECT_EQ(cap->min, 0.0);
  EXPECT_EQ(cap->max, 35.0);
  EXPECT_TRUE(cap->required);
  const LedgerField* fuel = t->field("fuel");
  ASSERT_NE(fuel, nullptr);
  ASSERT_NE(fuel->choice("biomass"), nullptr);
  EXPECT_EQ(fuel->choice("biomass")->label.en, "Biomass");
  EXPECT_EQ(fuel->choice("gas"), nullptr);
  EXPECT_EQ(t->field("owner_name")->max_length, 100);
  EXPECT_EQ(t->list_columns, (std::vector<std::string>{"owner_name", "unit", "capacity", "fuel", "status"}));
  EXPECT_EQ(t->filters, (std::vector<std::string>{"fuel", "status", "unit", "removed_on"}));
  EXPECT_EQ(t->excel_key, (std::vector<std::string>{"owner_name", "unit"}));
  ASSERT_EQ(t->counts.size(), 2u);
  EXPECT_EQ(t->counts[1].quantity, "capacity");
}

TEST_F(LedgerTypeTest, AddingAFieldIsAChangeOfTheFileAlone) {
  std::string text = edit("[list]", R"([[fields]]
name = "chimney_height"
label = { zh-CN = "烟囱高度", en = "Chimney height" }
type = "integer"
unit = "m"

[list])");
  size_t at = text.find("\"removed_on\", \"status\"]");
  text.replace(at, 0, "\"chimney_height\", ");
  auto t = parse(text);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_NE(t->field("chimney_height"), nullptr);
  EXPECT_EQ(t->field("chimney_height")->type, FieldType::integer);
  EXPECT_EQ(t->excel_columns[4], "chimney_height");
}

TEST_F(LedgerTypeTest, MistakesAreNamedWithTheirPlace) {
  struct Case {
    std::string_view from, to, problem;
  } cases[] = {
      {"type = \"decimal\"", "type = \"float\"",
       "small_boilers.toml:18:8: field \"capacity\": unknown type \"float\""},
      {"\"owner_name\", \"unit\", \"capacity\", \"fuel\", \"status\"]",
       "\"owner_name\", \"unit\", \"capacit\", \"fuel\", \"status\"]",
       "list columns: unknown field \"capacit\""},
      {"filters = [\"fuel\"", "filters = [\"owner_name\"", "\"owner_name\" cannot be a filter"},
      {"min = 0\nmax = 35", "min = 40\nmax = 35", "field \"capacity\": min is above max"},
      {"label = { zh-CN = \"燃料\", en = \"Fuel\" }", "label = { zh-CN = \"燃料\" }",
       "field \"fuel\": missing en label"},
      {"work_area = \"small_boilers\"", "work_area = \"boilers\"", "unknown work area \"boilers\""},
      {"workflow = \"ledger_boiler\"", "workflow = \"ledger_boilers\"",
       "unknown workflow \"ledger_boilers\""},
      {"key = [\"owner_name\", \"unit\"]", "key = [\"owner_name\", \"location\"]",
       "excel key: \"location\" is not one of"},
      {"columns = [\"owner_name\", \"unit\", \"capacity\", \"fuel\", \"removed_on\", \"status\"]",
       "columns = [\"owner_name\", \"unit\", \"fuel\", \"removed_on\", \"status\"]",
       "excel: required field \"capacity\" is not a column"},
      {"quantity = \"capacity\"", "quantity = \"fuel\"",
       "quantity \"fuel\" must be \"rows\" or a number field"},
      {"state = \"removed\"\nquantity = \"rows\"", "state = \"gone\"\nquantity = \"rows\"",
       "\"gone\" is not a state of workflow \"ledger_boiler\""},
      {"title_field = \"owner_name\"", "title_field = \"capacity\"",
       "title_field must be a required text field"},
      {"name = \"removed_on\"", "name = \"removed_date\"",
       "action \"remove\" requires \"removed_on\", not a field"},
      {"name = \"fuel\"", "name = \"capacity\"", "field \"capacity\": duplicate name"},
      {"name = \"fuel\"", "name = \"status\"", "is a built-in column"},
      {"{ code = \"biomass\"", "{ code = \"coal\"", "choice \"coal\": duplicate code"},
      {"max_length = 100", "max_length = 100\ncolour = \"red\"", "unknown key \"colour\""},
      {"type = \"choice\"\nchoices", "type = \"text\"\nchoices", "choices are for choice fields"},
      {"[[counts]]\nstate = \"removed\"\nquantity = \"rows\"",
       "[[counts]]\nstate = \"removed\"\nquantity = rows", "small_boilers.toml:"},
  };
  for (const auto& c : cases) {
    std::string got = problems(c.from, c.to);
    EXPECT_NE(got.find(c.problem), std::string::npos)
        << "edit " << c.from << " -> " << c.to << "\ngot: " << got;
  }
}

// Ledger workflows are one family ("ledger_…", one registry) loaded beside
// the task and campaign workflows; ledger types load against them.
TEST_F(LedgerTypeTest, LedgerTypesLoadAgainstTheLedgerWorkflows) {
  auto wfs = load_workflows({{"ledger_boiler.toml", std::string(kWorkflow)}}, "deploy/workflows");
  ASSERT_TRUE(wfs.ok()) << wfs.error().message;
  ASSERT_NE(wfs->find("ledger_boiler"), nullptr);
  EXPECT_NE(wfs->find("task"), nullptr);  // the shipped ones stay
  EXPECT_EQ(workflow_registry("ledger_boiler")->record, "ledger_row");
  EXPECT_EQ(workflow_registry("ledger_"), nullptr);
  EXPECT_EQ(workflow_registry("ledgers"), nullptr);

  auto set = load_ledger_types({{"small_boilers.toml", std::string(kBoilers)}}, "deploy/ledgers", *wfs);
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_NE(set->find("small_boilers"), nullptr);
  EXPECT_EQ(set->find("small_boilers")->counts.size(), 2u);

  // Named after another file; running the task workflow; a guard the ledger
  // registry does not have.
  auto misnamed = load_ledger_types({{"boilers.toml", std::string(kBoilers)}}, "deploy/ledgers", *wfs);
  ASSERT_FALSE(misnamed.ok());
  EXPECT_NE(misnamed.error().message.find("deploy/ledgers/boilers.toml: name = \"small_boilers\""),
            std::string::npos)
      << misnamed.error().message;
  std::string on_task = edit("workflow = \"ledger_boiler\"", "workflow = \"task\"");
  auto task = load_ledger_types({{"small_boilers.toml", on_task}}, "deploy/ledgers", *wfs);
  ASSERT_FALSE(task.ok());
  EXPECT_NE(task.error().message.find("unknown workflow \"task\""), std::string::npos);
  // A task's guard is no guard of a ledger row: its types refuse it.
  std::string guarded(kWorkflow);
  guarded.replace(guarded.find("evidence = [\"photo\"]"), 0, "guards = [\"all_children_done\"]\n");
  auto loaded = load_workflows({{"ledger_boiler.toml", guarded}}, "deploy/workflows");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto bad = load_ledger_types({{"small_boilers.toml", std::string(kBoilers)}}, "deploy/ledgers", *loaded);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("guard \"all_children_done\" is not field=value[|value]"),
            std::string::npos)
      << bad.error().message;
}

// Guards on a row's fields (core/ledger_type.h LedgerGuard): a path taken by
// a choice (散乱污: ban, relocate or upgrade), a forced-true boolean checked
// against the value given with the move.
TEST(LedgerGuards, ParseFieldEqualsValues) {
  auto g = parse_ledger_guard("disposition=ban|relocate");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->field, "disposition");
  EXPECT_EQ(g->values, (std::vector<std::string>{"ban", "relocate"}));
  for (const char* bad : {"disposition", "=ban", "disposition=", "disposition=ban|", "disposition=|ban",
                          "Disposition=ban", "disposition = ban", "all_children_done"})
    EXPECT_FALSE(parse_ledger_guard(bad)) << bad;
}

TEST_F(LedgerTypeTest, AGuardNamesAChoiceOrBooleanFieldAndItsValues) {
  auto with_guard = [&](const std::string& guard) {
    std::string text(kWorkflow);
    text.replace(text.find("evidence = [\"photo\"]"), 0, "guards = [\"" + guard + "\"]\n");
    WorkflowRegistry reg = ledger_workflow_registry();
    auto wf = parse_workflow(text, "ledger_boiler.toml", reg);
    EXPECT_TRUE(wf.ok()) << wf.error().message;
    workflow_ = *wf;
    auto r = parse(kBoilers);
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(with_guard("fuel=coal"), "");
  EXPECT_EQ(with_guard("fuel=coal|biomass"), "");
  EXPECT_NE(with_guard("fuel=gas").find("\"gas\" is no value of it"), std::string::npos);
  EXPECT_NE(with_guard("removed_on=x").find("names no choice or boolean field"), std::string::npos);
  EXPECT_NE(with_guard("nope=coal").find("names no choice or boolean field"), std::string::npos);
  EXPECT_NE(with_guard("fuel").find("is not field=value[|value]"), std::string::npos);
}

TEST_F(LedgerTypeTest, GuardsHoldOnTheRowsValuesOrOnTheValueTheMoveGives) {
  std::string text(kWorkflow);
  text.replace(text.find("evidence = [\"photo\"]"), 0, "guards = [\"fuel=coal\", \"removed_on_ok=true\"]\n");
  text.replace(text.find("required_fields = [\"removed_on\"]"),
               std::string("required_fields = [\"removed_on\"]").size(),
               "required_fields = [\"removed_on\", \"removed_on_ok\"]");
  auto wf = parse_workflow(text, "ledger_boiler.toml", ledger_workflow_registry());
  ASSERT_TRUE(wf.ok()) << wf.error().message;
  std::map<std::string, LedgerValue> coal{{"fuel", std::string("coal")}, {"removed_on_ok", false}};
  std::map<std::string, LedgerValue> biomass{{"fuel", std::string("biomass")}, {"removed_on_ok", true}};
  using Met = std::set<std::string, std::less<>>;
  EXPECT_EQ(ledger_guards_met(*wf, coal), Met{"fuel=coal"});
  EXPECT_EQ(ledger_guards_met(*wf, biomass), Met{"removed_on_ok=true"});
  EXPECT_EQ(ledger_guards_met(*wf, {}), Met{});
  // The buttons: the move will ask for removed_on_ok, so its guard waits for the answer.
  EXPECT_EQ(ledger_guards_met(*wf, coal, true), (Met{"fuel=coal", "removed_on_ok=true"}));
  EXPECT_EQ(ledger_guards_met(*wf, biomass, true), Met{"removed_on_ok=true"});
}

// The shipped ledger types (resources/ledgers): every one validates against
// the shipped workflows, and each of the twelve key work areas has one,
// with something it counts toward task quantities.
TEST(ShippedLedgerTypes, OnePerKeyWorkAreaAndEveryOneValid) {
  auto set = load_ledger_types({}, "", workflows());
  ASSERT_TRUE(set.ok()) << set.error().message;
  size_t key_areas = 0;
  for (const auto& area : work_area_catalogue()) {
    if (!area.key_area) continue;
    ++key_areas;
    int found = 0;
    for (const auto& t : set->all())
      if (t.work_area == area.code) {
        ++found;
        EXPECT_FALSE(t.counts.empty()) << t.name;
        EXPECT_FALSE(t.excel_key.empty()) << t.name;
        EXPECT_NE(workflows().find(t.workflow), nullptr) << t.name;
      }
    EXPECT_EQ(found, 1) << area.code;
  }
  EXPECT_EQ(key_areas, 12u);
  EXPECT_EQ(set->all().size(), 12u);
  EXPECT_EQ(ledger_types().all().size(), 12u);
  const LedgerType* scattered = set->find("scattered_enterprises");
  ASSERT_NE(scattered, nullptr);
  const LedgerField* disposition = scattered->field("disposition");
  ASSERT_NE(disposition, nullptr);
  EXPECT_NE(disposition->choice("ban"), nullptr);
}

// Sheet headers find their columns by label in either language or by name,
// whatever the spacing, full-width forms or a unit in brackets at the end.
TEST(LedgerHeaders, MatchByLabelNameAndIgnoreDecoration) {
  const LedgerType* t = ledger_types().find("coal_boilers");
  ASSERT_NE(t, nullptr);
  auto m = match_ledger_headers(*t, {"责任单位", " 使用单位 ", "额定容量（t/h）", "Fuel", "capacity",
                                     "拆除（改造）完成日期", "状态", "不认识的列", "ＵＳＥ", ""});
  EXPECT_EQ(m, (std::vector<std::string>{"unit", "owner_name", "capacity", "fuel", "", "removal_date",
                                         "status", "", "use", ""}));
  EXPECT_EQ(ledger_column_label(*t, "capacity").zh, "额定容量");
  EXPECT_EQ(ledger_column_label(*t, "unit").zh, "责任单位");
}

TEST_F(LedgerTypeTest, FieldTypeNamesRoundTrip) {
  for (auto name :
       {"text", "long_text", "integer", "decimal", "date", "boolean", "choice", "credit_code", "phone"}) {
    auto t = field_type_named(name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(field_type_name(*t), name);
  }
  EXPECT_FALSE(field_type_named("float"));
}

}  // namespace
}  // namespace lantian
