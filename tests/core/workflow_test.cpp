// The workflow engine: loading and validating definitions (each class of
// problem, from a bad definition text), every shipped definition, and the
// engine's answers (check_action, available_actions).
#include "core/workflow.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/campaign_workflow.h"
#include "core/task_workflow.h"
#include "core/workflows.h"

namespace lantian {
namespace {

const WorkflowRegistry kRegistry = {.guards = {"checked"},
                                    .effects = {"tell"},
                                    .evidence_kinds = {"photo"},
                                    .stamps = {"closed_at"},
                                    .recipients = {"owner_users"},
                                    .states = {},
                                    .fields = {"site"}};

// A small valid definition: open → closed (final), with a way back.
const char* kGood = R"(
name = "ticket"
initial = "open"

[[states]]
name = "open"
label = { zh-CN = "待办", en = "Open" }
color = "#409eff"
open = true

[[states]]
name = "closed"
label = { zh-CN = "已办结", en = "Closed" }
color = "#67c23a"
done = true
frozen = true
stamp = "closed_at"

[[actions]]
name = "close"
label = { zh-CN = "办结", en = "Close" }
from = ["open"]
to = "closed"
parties = ["owner", "system"]
guards = ["checked"]
effects = ["tell"]
evidence = ["photo"]

[[actions]]
name = "reopen"
label = { zh-CN = "重办", en = "Reopen" }
from = ["closed"]
to = "open"
parties = ["office"]
note_required = true

[[timers]]
state = "open"
action = "close"
days = 5
working_days = true
)";

Result<WorkflowDef> parse(const std::string& text) { return parse_workflow(text, "ticket.toml", kRegistry); }

// The problems of `text`, which must not load.
std::string problems(const std::string& text) {
  auto r = parse(text);
  EXPECT_FALSE(r.ok()) << "loaded although it should not";
  return r.ok() ? "" : r.error().message;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(WorkflowLoad, AGoodDefinitionLoads) {
  auto r = parse(kGood);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->name, "ticket");
  EXPECT_EQ(r->initial, "open");
  ASSERT_EQ(r->states.size(), 2u);
  EXPECT_EQ(r->states[1].label.zh, "已办结");
  EXPECT_EQ(r->states[1].color, "#67c23a");
  EXPECT_TRUE(r->states[1].frozen);
  EXPECT_EQ(r->states[1].stamp, "closed_at");
  const WorkflowTransition* close = r->transition("close");
  ASSERT_TRUE(close);
  EXPECT_EQ(close->parties, Party::owner | Party::system);
  EXPECT_EQ(close->evidence, std::vector<std::string>{"photo"});
  ASSERT_EQ(r->timers.size(), 1u);
  EXPECT_EQ(r->timers[0].days, 5);
  EXPECT_TRUE(r->timers[0].working_days);
  EXPECT_EQ(r->open_states(), std::vector<std::string>{"open"});
  EXPECT_EQ(r->done_states(), std::vector<std::string>{"closed"});
}

TEST(WorkflowLoad, SyntaxErrorsNameFileLineAndColumn) {
  auto m = problems("name = \"ticket\"\ninitial = \n");
  EXPECT_NE(m.find("ticket.toml:2:"), std::string::npos) << m;
}

TEST(WorkflowLoad, UnknownStatesAreNamedWithTheirPosition) {
  auto m = problems(replace(kGood, "to = \"closed\"", "to = \"closd\""));
  EXPECT_NE(m.find("action \"close\": unknown state \"closd\""), std::string::npos) << m;
  EXPECT_NE(m.find("ticket.toml:23:6:"), std::string::npos) << m;  // line and column of the value
  m = problems(replace(kGood, "from = [\"closed\"]", "from = [\"shut\"]"));
  EXPECT_NE(m.find("unknown state \"shut\""), std::string::npos) << m;
  m = problems(replace(kGood, "initial = \"open\"", "initial = \"new\""));
  EXPECT_NE(m.find("initial: unknown state \"new\""), std::string::npos) << m;
}

TEST(WorkflowLoad, UnknownGuardsEffectsEvidenceStampsAndParties) {
  auto m = problems(replace(kGood, "guards = [\"checked\"]", "guards = [\"cheked\"]"));
  EXPECT_NE(m.find("unknown guard \"cheked\""), std::string::npos) << m;
  m = problems(replace(kGood, "effects = [\"tell\"]", "effects = [\"shout\"]"));
  EXPECT_NE(m.find("unknown effect \"shout\""), std::string::npos) << m;
  m = problems(replace(kGood, "evidence = [\"photo\"]", "evidence = [\"video\"]"));
  EXPECT_NE(m.find("unknown evidence kind \"video\""), std::string::npos) << m;
  m = problems(replace(kGood, "stamp = \"closed_at\"", "stamp = \"done_at\""));
  EXPECT_NE(m.find("unknown stamp \"done_at\""), std::string::npos) << m;
  m = problems(replace(kGood, "note_required = true", "note_required = true\nrequired_fields = [\"size\"]"));
  EXPECT_NE(m.find("unknown required field \"size\""), std::string::npos) << m;
  m = problems(replace(kGood, "parties = [\"office\"]", "parties = [\"mayor\"]"));
  EXPECT_NE(m.find("action \"reopen\": unknown party \"mayor\""), std::string::npos) << m;
}

TEST(WorkflowLoad, NoticesNameKnownRecipientsAndATemplate) {
  auto good = parse_workflow(
      replace(kGood, "note_required = true",
              "note_required = true\nnotify = [\"owner_users\"]\nnotice = \"ticket_reopened\""),
      "ticket.toml", kRegistry);
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->transition("reopen")->notify, std::vector<std::string>{"owner_users"});
  EXPECT_EQ(good->transition("reopen")->notice, "ticket_reopened");
  auto m = problems(
      replace(kGood, "note_required = true", "note_required = true\nnotify = [\"mayor\"]\nnotice = \"x\""));
  EXPECT_NE(m.find("action \"reopen\": unknown recipient \"mayor\""), std::string::npos) << m;
  m = problems(replace(kGood, "note_required = true", "note_required = true\nnotify = [\"owner_users\"]"));
  EXPECT_NE(m.find("\"notify\" needs a \"notice\""), std::string::npos) << m;
  m = problems(replace(kGood, "note_required = true", "note_required = true\nnotice = \"ticket_reopened\""));
  EXPECT_NE(m.find("\"notice\" without \"notify\""), std::string::npos) << m;
  m = problems(replace(kGood, "note_required = true",
                       "note_required = true\nnotify = [\"owner_users\"]\nnotice = \"Re-opened\""));
  EXPECT_NE(m.find("notice must be lower_snake_case"), std::string::npos) << m;
}

TEST(WorkflowLoad, UnreachableStatesAndDeadEnds) {
  // "parked" has no way in and no way out.
  std::string parked = std::string(kGood) + R"(
[[states]]
name = "parked"
label = { zh-CN = "搁置", en = "Parked" }
color = "#909399"
)";
  auto m = problems(parked);
  EXPECT_NE(m.find("state \"parked\" is unreachable from \"open\""), std::string::npos) << m;
  EXPECT_NE(m.find("state \"parked\" is a dead end"), std::string::npos) << m;
  // Without reopen, closed is a dead end unless marked final.
  std::string no_reopen = kGood;
  no_reopen.erase(no_reopen.find("[[actions]]\nname = \"reopen\""),
                  no_reopen.find("[[timers]]") - no_reopen.find("[[actions]]\nname = \"reopen\""));
  m = problems(no_reopen);
  EXPECT_NE(m.find("state \"closed\" is a dead end"), std::string::npos) << m;
  EXPECT_TRUE(parse(replace(no_reopen, "frozen = true", "frozen = true\nfinal = true")).ok());
}

TEST(WorkflowLoad, MissingLabelsAndBadColours) {
  auto m =
      problems(replace(kGood, "label = { zh-CN = \"待办\", en = \"Open\" }", "label = { en = \"Open\" }"));
  EXPECT_NE(m.find("state \"open\": missing zh-CN label"), std::string::npos) << m;
  m = problems(replace(kGood, "label = { zh-CN = \"办结\", en = \"Close\" }\n", ""));
  EXPECT_NE(m.find("action \"close\": missing label"), std::string::npos) << m;
  m = problems(replace(kGood, "color = \"#409eff\"", "color = \"blue\""));
  EXPECT_NE(m.find("colour \"blue\" is not #rrggbb"), std::string::npos) << m;
}

TEST(WorkflowLoad, TimersNeedAKnownStateAndASystemAction) {
  auto m = problems(replace(kGood, "state = \"open\"\naction", "state = \"opn\"\naction"));
  EXPECT_NE(m.find("timer: unknown state \"opn\""), std::string::npos) << m;
  m = problems(replace(kGood, "action = \"close\"\ndays", "action = \"reopen\"\ndays"));
  EXPECT_NE(m.find("timer: action \"reopen\" is not open to the system party"), std::string::npos) << m;
  m = problems(replace(kGood, "action = \"close\"\ndays", "action = \"vanish\"\ndays"));
  EXPECT_NE(m.find("timer: unknown action \"vanish\""), std::string::npos) << m;
  m = problems(replace(kGood, "days = 5", "days = 0"));
  EXPECT_NE(m.find("\"days\" must be 1..365"), std::string::npos) << m;
}

TEST(WorkflowLoad, DuplicatesUnknownKeysAndStoreStates) {
  auto m = problems(replace(kGood, "name = \"reopen\"", "name = \"close\""));
  EXPECT_NE(m.find("action \"close\" is defined twice"), std::string::npos) << m;
  m = problems(replace(kGood, "open = true", "opne = true"));
  EXPECT_NE(m.find("unknown key \"opne\""), std::string::npos) << m;
  WorkflowRegistry fixed = kRegistry;
  fixed.states = {"open", "done"};
  auto r = parse_workflow(kGood, "ticket.toml", fixed);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("state \"closed\": the store accepts only these states: done, open"),
            std::string::npos)
      << r.error().message;
}

TEST(WorkflowEngine, CheckActionInOrderPartyStateNoteGuardsEvidence) {
  auto wf = parse(kGood).value();
  ActionCheck c;
  c.state = "open";
  c.parties = unsigned(Party::owner);
  EXPECT_EQ(check_action(wf, "fly", c).refusal, Refusal::unknown_action);
  c.parties = unsigned(Party::lead);
  EXPECT_EQ(check_action(wf, "close", c).refusal, Refusal::not_a_party);
  c.parties = unsigned(Party::owner);
  EXPECT_EQ(check_action(wf, "reopen", ActionCheck{"open", unsigned(Party::office)}).refusal,
            Refusal::wrong_state);
  EXPECT_EQ(check_action(wf, "reopen", ActionCheck{"closed", unsigned(Party::office)}).refusal,
            Refusal::note_missing);
  auto v = check_action(wf, "close", c);
  EXPECT_EQ(v.refusal, Refusal::guard_failed);
  EXPECT_EQ(v.detail, "checked");
  c.guards_met.insert("checked");
  v = check_action(wf, "close", c);
  EXPECT_EQ(v.refusal, Refusal::evidence_missing);
  EXPECT_EQ(v.detail, "photo");
  c.evidence.insert("photo");
  v = check_action(wf, "close", c);
  EXPECT_FALSE(v.refusal);
  auto site =
      parse(replace(kGood, "evidence = [\"photo\"]", "evidence = [\"photo\"]\nrequired_fields = [\"site\"]"));
  ASSERT_TRUE(site.ok()) << site.error().message;
  v = check_action(*site, "close", c);
  EXPECT_EQ(v.refusal, Refusal::field_missing);
  EXPECT_EQ(v.detail, "site");
  c.fields.insert("site");
  v = check_action(*site, "close", c);
  EXPECT_FALSE(v.refusal);
  EXPECT_EQ(v.transition->to, "closed");
}

TEST(WorkflowEngine, AvailableActionsFollowPartiesStatesAndGuards) {
  auto wf = parse(kGood).value();
  ActionCheck c{"open", unsigned(Party::owner)};
  EXPECT_TRUE(available_actions(wf, c).empty());  // guard "checked" does not hold
  c.guards_met.insert("checked");
  EXPECT_EQ(available_actions(wf, c), std::vector<std::string>{"close"});
  EXPECT_EQ(available_actions(wf, ActionCheck{"closed", unsigned(Party::office)}),
            std::vector<std::string>{"reopen"});
  EXPECT_TRUE(available_actions(wf, ActionCheck{"closed", unsigned(Party::owner)}).empty());
}

// Every file in resources/workflows/ loads against its workflow's registry,
// and the embedded copies are exactly those files.
TEST(ShippedWorkflows, EveryFileLoadsAndIsEmbedded) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(LANTIAN_SOURCE_DIR "/resources/workflows")) {
    if (e.path().extension() != ".toml") continue;
    ++files;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string name = e.path().stem().string();
    const WorkflowRegistry* reg = workflow_registry(name);
    ASSERT_TRUE(reg) << e.path() << ": no registry for workflow " << name;
    auto def = parse_workflow(ss.str(), e.path().string(), *reg);
    ASSERT_TRUE(def.ok()) << def.error().message;
    EXPECT_EQ(def->name, name);
    bool embedded = false;
    for (const auto& s : shipped_workflows())
      if (s.file == e.path().filename().string()) embedded = s.text == ss.str();
    EXPECT_TRUE(embedded) << e.path() << " is not embedded as it is (rebuild)";
  }
  EXPECT_EQ(files, shipped_workflows().size());
  auto set = load_workflows({});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_TRUE(set->find("task"));
}

// task.toml says what src/core/task_workflow.cpp's table said before.
TEST(ShippedWorkflows, TaskDefinitionKeepsTheStatusesFlagsAndColours) {
  const WorkflowDef& t = task_workflow();
  EXPECT_EQ(t.initial, "not_started");
  std::vector<std::string> names;
  for (const auto& s : t.states) names.push_back(s.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"not_started", "in_progress", "completed", "accepted", "returned"}));
  EXPECT_EQ(t.open_states(), (std::vector<std::string>{"not_started", "in_progress", "returned"}));
  EXPECT_EQ(t.done_states(), (std::vector<std::string>{"completed", "accepted"}));
  EXPECT_TRUE(t.state("accepted")->frozen);
  EXPECT_FALSE(t.state("completed")->frozen);
  EXPECT_EQ(t.state("in_progress")->color, "#409eff");
  EXPECT_EQ(t.state("returned")->label.zh, "已退回");
  EXPECT_EQ(t.stamps(), (std::vector<std::string>{"completed_at", "accepted_at"}));
  EXPECT_TRUE(task_status_frozen("accepted"));
  EXPECT_FALSE(task_status_frozen("completed"));
  EXPECT_TRUE(task_status_done("completed"));
  EXPECT_FALSE(task_status_done("returned"));
}

// The system's own action (a report moving a task into progress) is no
// action a person may ask for: it is unknown to them, as before the engine.
TEST(ShippedWorkflows, SystemActionsAreUnknownToPeople) {
  TransitionCheck c;
  c.status = "not_started";
  c.parties = Party::owner | Party::office;
  auto r = check_transition("progress_reported", c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().fields.at(0).code, "unknown_action");
  c.parties = unsigned(Party::system);
  EXPECT_EQ(*check_transition("progress_reported", c), "in_progress");
  c.status = "in_progress";
  EXPECT_EQ(check_transition("progress_reported", c).error().kind, ErrorKind::conflict);
  EXPECT_EQ(available_actions(TransitionCheck{"not_started", Party::owner | Party::office}),
            std::vector<std::string>{"start"});
}

TEST(WorkflowSet, OverridesReplaceByFileNameAndBadOnesAreRefused) {
  std::string task;
  for (const auto& s : shipped_workflows())
    if (s.file == "task.toml") task = s.text;
  ASSERT_FALSE(task.empty());
  std::string relabelled = replace(task, "en = \"Returned\"", "en = \"Sent back\"");
  auto set = load_workflows({{"task.toml", relabelled}}, "/etc/lantian/workflows");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->find("task")->state("returned")->label.en, "Sent back");
  // A status the tasks table does not accept.
  auto bad = load_workflows({{"task.toml", replace(task, "name = \"returned\"", "name = \"rejected\"")}},
                            "/etc/lantian/workflows");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/etc/lantian/workflows/task.toml"), std::string::npos)
      << bad.error().message;
  EXPECT_NE(bad.error().message.find("the store accepts only these states"), std::string::npos);
  auto unknown = load_workflows({{"complaint.toml", kGood}}, "d");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("d/complaint.toml: no workflow \"complaint\""), std::string::npos)
      << unknown.error().message;
}

// campaign.toml: planning → active → closed (frozen) → active again, the
// office's actions only; an older "set the status" maps onto them.
TEST(ShippedWorkflows, CampaignDefinition) {
  const WorkflowDef& c = campaign_workflow();
  EXPECT_EQ(c.initial, "planning");
  EXPECT_EQ(c.open_states(), std::vector<std::string>{"active"});
  EXPECT_TRUE(campaign_status_frozen("closed"));
  EXPECT_FALSE(campaign_status_frozen("active"));
  EXPECT_TRUE(campaign_status_open("active"));
  EXPECT_FALSE(campaign_status_open("nonsense"));
  EXPECT_EQ(c.state("closed")->label.zh, "已结束");
  const unsigned office = unsigned(Party::office);
  EXPECT_EQ(transition_between(c, "planning", "active", office)->name, "activate");
  EXPECT_EQ(transition_between(c, "closed", "active", office)->name, "reopen");
  EXPECT_EQ(transition_between(c, "active", "planning", office), nullptr);
  EXPECT_EQ(transition_between(c, "planning", "active", unsigned(Party::owner)), nullptr);
  EXPECT_TRUE(c.transition("reopen")->note_required);
  EXPECT_EQ(available_actions(c, ActionCheck{"closed", office}), std::vector<std::string>{"reopen"});
}

// A registry names the parties its application assigns: a campaign
// definition giving an action to the owner unit is refused.
TEST(WorkflowSet, ARegistryRefusesPartiesItsRecordDoesNotHave) {
  std::string campaign;
  for (const auto& s : shipped_workflows())
    if (s.file == "campaign.toml") campaign = s.text;
  ASSERT_FALSE(campaign.empty());
  auto bad = load_workflows({{"campaign.toml", replace(campaign, "parties = [\"office\"]\nnote_required",
                                                       "parties = [\"owner\"]\nnote_required")}},
                            "d");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("party \"owner\" does not exist for a campaign"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(implemented_workflows(), (std::vector<std::string_view>{"task", "campaign", "problem", "alert"}));
}

}  // namespace
}  // namespace lantian
