#include "app/problem_views.h"

#include <cmath>

#include "app/ledger_views.h"
#include "core/workflows.h"

namespace lantian::app {

namespace json = boost::json;

namespace {

json::value opt_id(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value point(const std::optional<LngLat>& p) {
  if (!p) return nullptr;
  return json::object{{"lng", p->lng}, {"lat", p->lat}};
}

int overdue_days(const Problem& p, const std::string& today) {
  const WorkflowState* s = problem_workflow().state(p.status);
  auto day = parse_date(today);
  return s && s->open && day ? days_overdue(p.deadline, *day) : 0;
}

}  // namespace

json::object problem_view(const Problem& p, const std::string& today) {
  json::object o;
  o["id"] = p.id;
  o["number"] = p.number;
  o["source"] = p.source;
  o["problem_type"] = p.problem_type;
  o["status"] = p.status;
  o["title"] = p.title;
  o["disposition"] = disposition_name(p.disposition);
  o["enterprise"] = p.enterprise_id
                        ? json::value(json::object{{"id", *p.enterprise_id}, {"name", p.enterprise_name}})
                        : json::value(nullptr);
  o["site"] = p.site;
  o["address"] = p.address;
  o["location"] = point(p.location);
  o["unit"] =
      p.unit_id ? json::value(json::object{{"id", *p.unit_id}, {"name", p.unit_name}}) : json::value(nullptr);
  o["person_name"] = p.person_name;
  o["deadline"] = p.deadline.empty() ? json::value(nullptr) : json::value(p.deadline);
  o["deadline_kind"] = deadline_kind_name(p.deadline_kind);
  o["extension_until"] = p.extension_until.empty() ? json::value(nullptr) : json::value(p.extension_until);
  o["days_overdue"] = overdue_days(p, today);
  o["escalation"] = escalation_step_name(EscalationStep(p.escalation));
  o["failed_verifications"] = p.failed_verifications;
  o["extensions"] = p.extensions;
  o["parent_id"] = opt_id(p.parent_id);
  o["merged_into_id"] = opt_id(p.merged_into_id);
  o["lookback_due"] = p.lookback_due.empty() ? json::value(nullptr) : json::value(p.lookback_due);
  o["created_at"] = p.created_at;
  o["updated_at"] = p.updated_at;
  o["created_by"] = p.created_by ? json::value(p.created_by) : json::value(nullptr);
  o["version"] = p.version;
  return o;
}

json::object photo_flags_view(const PhotoFlags& f) {
  json::array reused;
  for (int64_t id : f.reused_on) reused.push_back(id);
  return json::object{
      {"no_exif", f.no_exif},
      {"far", f.far},
      {"distance_m", f.distance_m ? json::value(std::round(*f.distance_m)) : json::value(nullptr)},
      {"before_assigned", f.before_assigned},
      {"reused_on", std::move(reused)},
      {"any", f.any()}};
}

json::object duplicate_warning_view(const DuplicateWarning& w) {
  return json::object{
      {"id", w.id},
      {"number", w.number},
      {"title", w.title},
      {"status", w.status},
      {"reason", w.reason},
      {"distance_m", w.distance_m ? json::value(std::round(*w.distance_m)) : json::value(nullptr)}};
}

json::object problem_detail_view(const ProblemDetail& d, const std::string& today) {
  const Problem& p = d.problem;
  json::object o = problem_view(p, today);
  o["description"] = p.description;
  o["standard"] = p.standard;
  o["leader_party"] = p.leader_party;
  o["leader_government"] = p.leader_government;
  o["person_id"] = opt_id(p.person_id);
  json::array coop, coop_units;
  for (int64_t id : p.cooperating_unit_ids) coop.push_back(id);
  for (const auto& [id, name] : d.cooperating_units)
    coop_units.push_back(json::object{{"id", id}, {"name", name}});
  o["cooperating_unit_ids"] = std::move(coop);
  o["cooperating_units"] = std::move(coop_units);
  json::array docs;
  for (const auto& doc : d.documents) docs.push_back(json::string(doc));
  o["documents"] = std::move(docs);
  o["verified"] =
      p.verified_location
          ? json::value(json::object{
                {"lng", p.verified_location->lng}, {"lat", p.verified_location->lat}, {"at", p.verified_at}})
          : json::value(nullptr);
  o["verifier"] = p.verifier_id ? json::value(json::object{{"id", *p.verifier_id}, {"name", p.verifier_name}})
                                : json::value(nullptr);
  o["handler"] = p.handler_id ? json::value(json::object{{"id", *p.handler_id}, {"name", p.handler_name}})
                              : json::value(nullptr);
  o["ledger_row_id"] = opt_id(p.ledger_row_id);
  o["inspection_id"] = opt_id(p.inspection_id);
  o["external_id"] = p.external_id;
  o["assigned_at"] = p.assigned_at.empty() ? json::value(nullptr) : json::value(p.assigned_at);
  o["closed_at"] = p.closed_at.empty() ? json::value(nullptr) : json::value(p.closed_at);
  o["reporter"] =
      d.show_reporter && (!p.reporter_name.empty() || !p.reporter_phone.empty() || !p.reporter_email.empty())
          ? json::value(json::object{
                {"name", p.reporter_name}, {"phone", p.reporter_phone}, {"email", p.reporter_email}})
          : json::value(nullptr);
  json::array files;
  for (const auto& f : d.files) {
    json::object v = record_file_view(f.file);
    if (f.file.kind == kEvidencePhoto) v["flags"] = photo_flags_view(f.flags);
    files.push_back(std::move(v));
  }
  o["files"] = std::move(files);
  json::array esc;
  for (const auto& e : d.escalations)
    esc.push_back(json::object{{"step", escalation_step_name(EscalationStep(e.step))},
                               {"deadline", e.deadline},
                               {"days_overdue", e.days_overdue},
                               {"at", e.at}});
  o["escalations"] = std::move(esc);
  json::array actions;
  for (const auto& a : d.actions) actions.push_back(json::string(a));
  o["actions"] = std::move(actions);
  json::array warnings;
  for (const auto& w : d.warnings) warnings.push_back(duplicate_warning_view(w));
  o["warnings"] = std::move(warnings);
  o["rebound_id"] = opt_id(d.rebound_id);
  return o;
}

json::value problem_audit_view(const Problem& p) {
  json::object o = problem_view(p, "");
  o.erase("days_overdue");
  o["description"] = p.description;
  o["standard"] = p.standard;
  o["leader_party"] = p.leader_party;
  o["leader_government"] = p.leader_government;
  o["verifier_id"] = opt_id(p.verifier_id);
  o["handler_id"] = opt_id(p.handler_id);
  return o;
}

}  // namespace lantian::app
