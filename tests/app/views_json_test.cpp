// The list pages write tasks, users and units straight as text
// (write_task_detail_json, write_user_json, write_unit_json) and the other
// responses build DOMs (task_detail_view, user_view, unit_view, task_view,
// work_area_view) from the same field list. Both must give the document the
// DOM views gave before the writer existed: the reference views below are
// frozen copies of those (src/app/task_views.cpp and views.cpp at 7b6ff82).
// A key dropped, renamed, moved, typed differently or escaped differently
// fails here.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "app/json_writer.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "app/views.h"

namespace lantian::app {
namespace {

namespace json = boost::json;

// ---- Frozen reference: the DOM views as they were (do not "fix" these) ----
namespace ref {
json::value opt_string(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
json::value opt_number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt_id(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::object person(const Person& p) { return {{"name", p.name}, {"phone", p.phone}}; }
json::array unit_refs(const std::vector<UnitRef>& us) {
  json::array a;
  for (const auto& u : us) a.push_back(json::object{{"id", u.id}, {"name", u.name}});
  return a;
}

json::object work_area_view(const WorkArea& a) {
  return json::object({{"id", a.id},
                       {"campaign_id", a.campaign_id},
                       {"code", a.code},
                       {"name", a.name},
                       {"sort_order", a.sort_order},
                       {"lead_unit_id", opt_id(a.lead_unit_id)},
                       {"lead_unit_name", opt_string(a.lead_unit_name)},
                       {"leader", person(a.leader)},
                       {"description", a.description},
                       {"cooperating_units", unit_refs(a.cooperating_units)},
                       {"version", a.version},
                       {"created_at", a.created_at},
                       {"updated_at", a.updated_at}});
}

json::object task_view(const Task& t, bool compare_only = false) {
  json::array ms;
  for (const auto& m : t.milestones)
    ms.push_back(json::object{
        {"id", m.id}, {"title", m.title}, {"deadline", m.deadline}, {"done_at", opt_string(m.done_at)}});
  json::array coop;
  for (const auto& u : t.cooperating_units) coop.push_back(u.id);
  json::object o({{"id", t.id},
                  {"campaign_id", t.campaign_id},
                  {"work_area_id", opt_id(t.work_area_id)},
                  {"parent_id", opt_id(t.parent_id)},
                  {"code", t.code},
                  {"title", t.title},
                  {"description", t.description},
                  {"owner_unit_id", t.owner_unit_id},
                  {"lead_unit_id", t.lead_unit_id},
                  {"responsible_leader", person(t.responsible_leader)},
                  {"responsible_user_id", opt_id(t.responsible_user_id)},
                  {"responsible_person", person(t.responsible_person)},
                  {"start_date", t.start_date},
                  {"deadline", t.deadline},
                  {"deadline_working_days",
                   t.deadline_working_days ? json::value(*t.deadline_working_days) : json::value(nullptr)},
                  {"deadline_unverified", t.deadline_unverified},
                  {"measure_unit", t.measure_unit},
                  {"target_value", opt_number(t.target_value)},
                  {"weight", t.weight},
                  {"cooperating_unit_ids", std::move(coop)},
                  {"milestones", std::move(ms)}});
  if (compare_only) return o;
  o["path"] = t.path;
  o["depth"] = t.depth;
  o["work_area_name"] = opt_string(t.work_area_name);
  o["owner_unit_name"] = t.owner_unit_name;
  o["lead_unit_name"] = t.lead_unit_name;
  o["cooperating_units"] = unit_refs(t.cooperating_units);
  o["achieved_value"] = t.achieved_value;
  o["progress"] = t.progress;
  o["status"] = t.status;
  o["status_note"] = t.status_note;
  o["assigned_at"] = t.assigned_at;
  o["completed_at"] = opt_string(t.completed_at);
  o["accepted_at"] = opt_string(t.accepted_at);
  o["last_report_at"] = opt_string(t.last_report_at);
  o["child_count"] = t.child_count;
  o["version"] = t.version;
  o["created_at"] = t.created_at;
  o["updated_at"] = t.updated_at;
  return o;
}

json::object task_detail_view(const TaskDetail& d) {
  json::object o = task_view(d.task);
  o["overdue"] = d.facts.overdue;
  o["overdue_working_days"] = d.facts.overdue_working_days;
  o["remaining_working_days"] =
      d.facts.remaining_working_days ? json::value(*d.facts.remaining_working_days) : json::value(nullptr);
  o["calendar_covers_deadline"] = d.facts.calendar_covers_deadline;
  o["ready_for_acceptance"] = d.facts.ready_for_acceptance;
  if (d.ancestors) {
    json::array up;
    for (const auto& x : *d.ancestors)
      up.push_back(
          json::object{{"id", x.id}, {"code", x.code}, {"title", x.title}, {"may_open", x.may_open}});
    o["ancestors"] = std::move(up);
  }
  if (d.facts.actions) {
    json::array acts;
    for (const auto& a : *d.facts.actions) acts.push_back(json::value(a));
    o["actions"] = std::move(acts);
  }
  return o;
}

json::object unit_view(const Unit& u) {
  json::array contacts;
  for (const auto& c : u.contacts)
    contacts.push_back({{"name", c.name}, {"phone", c.phone}, {"title", c.title}});
  return json::object({{"id", u.id},
                       {"name", u.name},
                       {"kind", u.kind},
                       {"division_code", opt_string(u.division_code)},
                       {"parent_id", u.parent_id ? json::value(*u.parent_id) : json::value(nullptr)},
                       {"parent_name", opt_string(u.parent_name)},
                       {"party_secretary", person(u.party_secretary)},
                       {"government_head", person(u.government_head)},
                       {"contacts", std::move(contacts)},
                       {"disabled", u.disabled},
                       {"version", u.version},
                       {"created_at", u.created_at},
                       {"updated_at", u.updated_at}});
}

json::object user_view(const User& u) {
  json::array roles;
  for (const auto& r : u.roles) roles.push_back(json::value(r));
  return json::object({{"id", u.id},
                       {"username", u.username},
                       {"name", u.name},
                       {"phone", opt_string(u.phone)},
                       {"unit_id", u.unit_id},
                       {"unit_name", u.unit_name},
                       {"position", opt_string(u.position)},
                       {"roles", std::move(roles)},
                       {"disabled", u.disabled},
                       {"must_change_password", u.must_change_password},
                       {"locked_until", opt_string(u.locked_until)},
                       {"last_login_at", opt_string(u.last_login_at)},
                       {"version", u.version},
                       {"created_at", u.created_at},
                       {"updated_at", u.updated_at}});
}
}  // namespace ref

// Text that needs every kind of escaping, plus UTF-8 and bytes that are not.
const std::string kNasty = "引号\"反斜杠\\换行\n制表\t\x01\x1f\x7f 😀 \xff\xc0 end";

Task full_task() {
  Task t;
  t.id = 4711;
  t.campaign_id = 3;
  t.work_area_id = 12;
  t.work_area_name = "散乱污企业综合整治";
  t.parent_id = 4000;
  t.path = "/4000/4711/";
  t.depth = 1;
  t.code = "1.2";
  t.title = "清理整治 \"散乱污\" 企业";
  t.description = kNasty;
  t.owner_unit_id = 432;
  t.owner_unit_name = "东关村";
  t.owner_unit_path = "/1/6/432/";
  t.lead_unit_id = 6;
  t.lead_unit_name = "城关镇";
  t.lead_unit_path = "/1/6/";
  t.responsible_leader = {"王书记", "13800000000"};
  t.responsible_user_id = 99;
  t.responsible_person = {"李\\专干", "0931-1234567"};
  t.start_date = "2026-09-06";
  t.deadline = "2026-12-31";
  t.deadline_working_days = 20;
  t.deadline_unverified = true;
  t.measure_unit = "家";
  t.target_value = 12.5;
  t.achieved_value = 3.125;
  t.weight = 0.1;
  t.progress = 1.0 / 3;
  t.status = "in_progress";
  t.status_note = "退回：\r\n补充照片";
  t.assigned_at = "2026-09-06T00:00:00Z";
  t.completed_at = "2026-12-01T08:00:00Z";
  t.accepted_at = "2026-12-02T08:00:00Z";
  t.last_report_at = "2026-11-30T08:00:00Z";
  t.child_count = 4;
  t.open_child_count = 2;
  t.cooperating_units = {{7, "生态环境分局"}, {8, "市场监管\t所"}};
  t.milestones = {{1, 4711, "摸底排查", "2026-10-01", "2026-09-30T10:00:00Z", 0},
                  {2, 4711, "整治\"验收\"", "2026-12-01", "", 1}};
  t.created_by = 1;
  t.version = std::numeric_limits<int64_t>::max();
  t.created_at = "2026-09-06T00:00:00Z";
  t.updated_at = "2026-12-01T08:00:00Z";
  return t;
}

// Every optional empty, every nullable string "".
Task bare_task() {
  Task t;
  t.id = 1;
  t.campaign_id = 1;
  t.title = "";
  t.status = "not_started";
  return t;
}

TaskDetail full_detail() {
  TaskDetail d{full_task(), {}, std::nullopt};
  d.facts.overdue = true;
  d.facts.overdue_working_days = 3;
  d.facts.calendar_covers_deadline = false;
  d.facts.ready_for_acceptance = true;
  d.facts.actions = std::vector<std::string>{"complete", "report", "edit"};
  d.ancestors = std::vector<TaskAncestor>{{4000, "1", "顶层 \"任务\"", true}, {4001, "1.1", "", false}};
  return d;
}

TaskDetail bare_detail() {
  TaskDetail d{bare_task(), {}, std::nullopt};
  d.facts.remaining_working_days = 0;
  d.facts.actions = std::vector<std::string>{};
  return d;
}

template <class Record, class WriteFn>
std::string streamed(const Record& r, WriteFn write) {
  JsonWriter w;
  write(w, r);
  return w.take();
}

// The streamed text is byte for byte the serialized reference, and parses
// back to it; the new DOM view equals it too.
void expect_same(const std::string& text, const json::object& now_dom, const json::object& reference) {
  EXPECT_EQ(text, json::serialize(reference));
  json::parse_options raw;
  raw.allow_invalid_utf8 = true;  // kNasty has bytes that are not UTF-8
  EXPECT_EQ(json::parse(text, {}, raw), json::value(reference));
  EXPECT_EQ(now_dom, reference);
  EXPECT_EQ(json::serialize(now_dom), json::serialize(reference));
}

TEST(ViewsJsonTest, TaskDetailWithEveryFieldSet) {
  auto d = full_detail();
  expect_same(streamed(d, write_task_detail_json), task_detail_view(d), ref::task_detail_view(d));
  // Sanity of the fixture: the nasty text really is there, escaped.
  EXPECT_NE(streamed(d, write_task_detail_json).find(R"(\"反斜杠\\换行\n制表\t\u0001\u001f)"),
            std::string::npos);
}

TEST(ViewsJsonTest, TaskDetailWithNullsAndNoExtras) {
  auto d = bare_detail();
  expect_same(streamed(d, write_task_detail_json), task_detail_view(d), ref::task_detail_view(d));
  d.facts.actions.reset();  // not computed: no "actions" key at all
  auto text = streamed(d, write_task_detail_json);
  expect_same(text, task_detail_view(d), ref::task_detail_view(d));
  EXPECT_EQ(text.find("\"actions\""), std::string::npos);
  EXPECT_NE(text.find(R"("work_area_id":null)"), std::string::npos);
}

TEST(ViewsJsonTest, TaskViewForAuditAndComparison) {
  for (const Task& t : {full_task(), bare_task()}) {
    EXPECT_EQ(task_view(t), ref::task_view(t));
    EXPECT_EQ(json::serialize(task_view(t)), json::serialize(ref::task_view(t)));
    EXPECT_EQ(json::serialize(task_view(t, {}, true)), json::serialize(ref::task_view(t, true)));
  }
}

TEST(ViewsJsonTest, WorkArea) {
  WorkArea a;
  a.id = 5;
  a.campaign_id = 3;
  a.code = "scattered_polluting";
  a.name = "散乱污\"整治\"";
  a.sort_order = 2;
  a.leader = {"张\\副区长", "1"};
  a.description = kNasty;
  a.created_at = "2026-09-06T00:00:00Z";
  EXPECT_EQ(json::serialize(work_area_view(a)), json::serialize(ref::work_area_view(a)));
  a.lead_unit_id = 6;
  a.lead_unit_name = "生态环境分局";
  a.cooperating_units = {{7, "a"}, {8, "b\n"}};
  EXPECT_EQ(json::serialize(work_area_view(a)), json::serialize(ref::work_area_view(a)));
  EXPECT_EQ(work_area_view(a), ref::work_area_view(a));
}

TEST(ViewsJsonTest, Users) {
  User u;
  u.id = 42;
  u.username = "hechenlan04351";
  u.name = "何晨岚";
  u.phone = "138\"0000\"0000";
  u.unit_id = 432;
  u.unit_name = kNasty;
  u.position = "环保专干";
  u.roles = {"staff", "unit_admin\t"};
  u.password_hash = "$argon2id$must-never-appear";
  u.must_change_password = true;
  u.locked_until = "2026-12-05T00:00:00Z";
  u.last_login_at = "2026-12-04T00:00:00Z";
  u.version = 9;
  u.created_at = "2026-09-06T00:00:00Z";
  u.updated_at = "2026-12-04T00:00:00Z";
  auto text = streamed(u, write_user_json);
  expect_same(text, user_view(u), ref::user_view(u));
  EXPECT_EQ(text.find("argon2"), std::string::npos);
  User bare;
  bare.id = 1;
  bare.username = "x";
  expect_same(streamed(bare, write_user_json), user_view(bare), ref::user_view(bare));
}

TEST(ViewsJsonTest, Units) {
  Unit u;
  u.id = 432;
  u.parent_id = 6;
  u.parent_name = "城关镇";
  u.path = "/1/6/432/";
  u.name = "东关\"村\"";
  u.kind = "village";
  u.division_code = "620102001001";
  u.party_secretary = {"王\\书记", "1"};
  u.government_head = {"李主任", ""};
  u.contacts = {{"赵", "2", "网格员\n"}, {"", "", ""}};
  u.disabled = true;
  u.version = 3;
  u.created_at = "2026-09-06T00:00:00Z";
  u.updated_at = kNasty;
  expect_same(streamed(u, write_unit_json), unit_view(u), ref::unit_view(u));
  Unit root;
  root.id = 1;
  root.name = "区";
  expect_same(streamed(root, write_unit_json), unit_view(root), ref::unit_view(root));
}

}  // namespace
}  // namespace lantian::app
