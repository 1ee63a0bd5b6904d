#include "app/task_views.h"

#include "app/report_request_service.h"
#include "app/task_service.h"
#include "app/workflow_views.h"

namespace lantian::app {

namespace json = boost::json;

namespace {
json::value opt_string(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
json::value opt_number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt_id(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::object person(const Person& p) { return {{"name", p.name}, {"phone", p.phone}}; }
json::array unit_refs(const std::vector<UnitRef>& us) {
  json::array a;
  for (const auto& u : us) a.push_back(json::object{{"id", u.id}, {"name", u.name}});
  return a;
}
}  // namespace

json::object campaign_view(const Campaign& c, json::storage_ptr sp) {
  json::array targets, docs;
  for (const auto& t : c.targets)
    targets.push_back(json::object{{"name", t.name},
                                   {"indicator", t.indicator},
                                   {"baseline", opt_number(t.baseline)},
                                   {"target", opt_number(t.target)},
                                   {"actual", opt_number(t.actual)},
                                   {"unit", t.unit},
                                   {"direction", t.direction},
                                   {"note", t.note}});
  for (const auto& d : c.documents)
    docs.push_back(json::object{{"title", d.title}, {"number", d.number}, {"date", d.date}});
  return json::object({{"id", c.id},
                       {"name", c.name},
                       {"start_date", c.start_date},
                       {"end_date", c.end_date},
                       {"jurisdiction_unit_id", c.jurisdiction_unit_id},
                       {"jurisdiction_unit_name", c.jurisdiction_unit_name},
                       {"office_unit_id", c.office_unit_id},
                       {"office_unit_name", c.office_unit_name},
                       {"description", c.description},
                       {"targets", std::move(targets)},
                       {"documents", std::move(docs)},
                       {"status", c.status},
                       {"version", c.version},
                       {"created_at", c.created_at},
                       {"updated_at", c.updated_at}},
                      sp);
}

json::object work_area_view(const WorkArea& a, json::storage_ptr sp) {
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
                       {"updated_at", a.updated_at}},
                      sp);
}

json::object task_view(const Task& t, json::storage_ptr sp, bool compare_only) {
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
                  {"milestones", std::move(ms)}},
                 sp);
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

json::object task_detail_view(const TaskDetail& d, json::storage_ptr sp) {
  json::object o = task_view(d.task, sp);
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

json::object attachment_view(const Attachment& a, json::storage_ptr sp) {
  const std::string url = "/api/v1/attachments/" + std::to_string(a.id);
  const EvidenceRecord* e = a.evidence ? &*a.evidence : nullptr;
  json::value gps = nullptr;
  if (e && e->gps_lat && e->gps_lon) gps = json::object({{"lat", *e->gps_lat}, {"lon", *e->gps_lon}});
  return json::object(
      {{"id", a.id},
       {"report_id", opt_id(a.report_id)},
       {"task_id", a.task_id},
       {"filename", a.filename},
       {"content_type", e ? e->content_type : a.content_type},
       {"size_bytes", a.size_bytes},
       {"sha256", a.sha256},
       {"url", url},
       {"width", e ? opt_id(e->width) : nullptr},
       {"height", e ? opt_id(e->height) : nullptr},
       {"taken_at", e && e->taken_at ? json::value(*e->taken_at) : nullptr},
       {"gps", std::move(gps)},
       {"thumbnail_url", e && e->thumbnail_sha256 ? json::value(url + "/thumbnail") : nullptr},
       {"created_at", a.created_at}},
      sp);
}

json::object task_event_view(const TaskEvent& e) {
  json::object o = workflow_event_view(e.event);
  json::array files;
  for (const auto& a : e.evidence) {
    json::object full = attachment_view(a);
    json::object f;
    for (auto key : {"id", "filename", "content_type", "url", "thumbnail_url", "taken_at"})
      f[key] = full[key];
    files.push_back(std::move(f));
  }
  o["evidence"] = std::move(files);
  return o;
}

json::object report_view(const ProgressReport& r, json::storage_ptr sp) {
  json::array files;
  for (const auto& a : r.attachments) files.push_back(attachment_view(a));
  return json::object({{"id", r.id},
                       {"task_id", r.task_id},
                       {"report_date", r.report_date},
                       {"achieved_value", opt_number(r.achieved_value)},
                       {"percent", opt_number(r.percent)},
                       {"narrative", r.narrative},
                       {"reported_by", r.reported_by},
                       {"reported_by_name", r.reported_by_name},
                       {"unit_id", r.unit_id},
                       {"unit_name", r.unit_name},
                       {"attachments", std::move(files)},
                       {"created_at", r.created_at}},
                      sp);
}

json::object report_request_view(const ReportRequest& r, const std::string& today, json::storage_ptr sp) {
  auto st = request_state(r, today);
  return json::object({{"id", r.id},
                       {"task_id", r.task_id},
                       {"task_title", r.task_title},
                       {"unit_id", r.unit_id},
                       {"unit_name", r.unit_name},
                       {"message", r.message},
                       {"due_date", r.due_date},
                       {"requested_by", opt_id(r.requested_by)},
                       {"requested_by_name", r.requested_by_name},
                       {"requested_at", r.requested_at},
                       {"fulfilled_at", opt_string(r.fulfilled_at)},
                       {"fulfilled_report_id", opt_id(r.fulfilled_report_id)},
                       {"state", st.state},
                       {"late", st.late},
                       {"answered_on", opt_string(st.answered_on)}},
                      sp);
}

}  // namespace lantian::app
