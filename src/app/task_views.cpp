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

// The fields of a work area and a task, written once for both writers
// (app/json_writer.h): W is JsonWriter (list pages) or DomWriter (the rest).
template <class W>
void write_person(W& w, std::string_view key, const Person& p) {
  w.key(key);
  w.begin_object();
  w.field("name", p.name);
  w.field("phone", p.phone);
  w.end_object();
}

template <class W>
void write_unit_refs(W& w, std::string_view key, const std::vector<UnitRef>& us) {
  w.key(key);
  w.begin_array();
  for (const auto& u : us) {
    w.begin_object();
    w.field("id", u.id);
    w.field("name", u.name);
    w.end_object();
  }
  w.end_array();
}

template <class W>
void write_work_area(W& w, const WorkArea& a) {
  w.begin_object();
  w.field("id", a.id);
  w.field("campaign_id", a.campaign_id);
  w.field("code", a.code);
  w.field("name", a.name);
  w.field("sort_order", a.sort_order);
  w.field("lead_unit_id", a.lead_unit_id);
  w.field_or_null("lead_unit_name", a.lead_unit_name);
  write_person(w, "leader", a.leader);
  w.field("description", a.description);
  write_unit_refs(w, "cooperating_units", a.cooperating_units);
  w.field("version", a.version);
  w.field("created_at", a.created_at);
  w.field("updated_at", a.updated_at);
  w.end_object();
}

// A task's fields, without the braces.
template <class W>
void write_task_fields(W& w, const Task& t, bool compare_only) {
  w.field("id", t.id);
  w.field("campaign_id", t.campaign_id);
  w.field("work_area_id", t.work_area_id);
  w.field("parent_id", t.parent_id);
  w.field("code", t.code);
  w.field("title", t.title);
  w.field("description", t.description);
  w.field("owner_unit_id", t.owner_unit_id);
  w.field("lead_unit_id", t.lead_unit_id);
  write_person(w, "responsible_leader", t.responsible_leader);
  w.field("responsible_user_id", t.responsible_user_id);
  write_person(w, "responsible_person", t.responsible_person);
  w.field("start_date", t.start_date);
  w.field("deadline", t.deadline);
  w.field("deadline_working_days", t.deadline_working_days);
  w.field("deadline_unverified", t.deadline_unverified);
  w.field("measure_unit", t.measure_unit);
  w.field("target_value", t.target_value);
  w.field("weight", t.weight);
  w.key("cooperating_unit_ids");
  w.begin_array();
  for (const auto& u : t.cooperating_units) w.value(u.id);
  w.end_array();
  w.key("milestones");
  w.begin_array();
  for (const auto& m : t.milestones) {
    w.begin_object();
    w.field("id", m.id);
    w.field("title", m.title);
    w.field("deadline", m.deadline);
    w.field_or_null("done_at", m.done_at);
    w.end_object();
  }
  w.end_array();
  if (compare_only) return;
  w.field("path", t.path);
  w.field("depth", t.depth);
  w.field_or_null("work_area_name", t.work_area_name);
  w.field("owner_unit_name", t.owner_unit_name);
  w.field("lead_unit_name", t.lead_unit_name);
  write_unit_refs(w, "cooperating_units", t.cooperating_units);
  w.field("achieved_value", t.achieved_value);
  w.field("progress", t.progress);
  w.field("status", t.status);
  w.field("status_note", t.status_note);
  w.field("assigned_at", t.assigned_at);
  w.field_or_null("completed_at", t.completed_at);
  w.field_or_null("accepted_at", t.accepted_at);
  w.field_or_null("last_report_at", t.last_report_at);
  w.field("child_count", t.child_count);
  w.field("version", t.version);
  w.field("created_at", t.created_at);
  w.field("updated_at", t.updated_at);
}

template <class W>
void write_task_detail(W& w, const TaskDetail& d) {
  w.begin_object();
  write_task_fields(w, d.task, false);
  w.field("overdue", d.facts.overdue);
  w.field("overdue_working_days", d.facts.overdue_working_days);
  w.field("remaining_working_days", d.facts.remaining_working_days);
  w.field("calendar_covers_deadline", d.facts.calendar_covers_deadline);
  w.field("ready_for_acceptance", d.facts.ready_for_acceptance);
  if (d.ancestors) {
    w.key("ancestors");
    w.begin_array();
    for (const auto& x : *d.ancestors) {
      w.begin_object();
      w.field("id", x.id);
      w.field("code", x.code);
      w.field("title", x.title);
      w.field("may_open", x.may_open);
      w.end_object();
    }
    w.end_array();
  }
  if (d.facts.actions) {
    w.key("actions");
    w.begin_array();
    for (const auto& a : *d.facts.actions) w.value(a);
    w.end_array();
  }
  w.end_object();
}

json::object released_object(DomWriter& w) {
  json::value v = w.release();
  return std::move(v.as_object());
}
}  // namespace

json::object work_area_view(const WorkArea& a, json::storage_ptr sp) {
  DomWriter w(std::move(sp));
  write_work_area(w, a);
  return released_object(w);
}

json::object task_view(const Task& t, json::storage_ptr sp, bool compare_only) {
  DomWriter w(std::move(sp));
  w.begin_object();
  write_task_fields(w, t, compare_only);
  w.end_object();
  return released_object(w);
}

json::object task_detail_view(const TaskDetail& d, json::storage_ptr sp) {
  DomWriter w(std::move(sp));
  write_task_detail(w, d);
  return released_object(w);
}

void write_task_detail_json(JsonWriter& w, const TaskDetail& d) { write_task_detail(w, d); }

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
