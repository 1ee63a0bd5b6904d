#include "app/inspection_service.h"

#include <set>

#include "app/audit.h"
#include "app/inspection_views.h"
#include "app/problem_service.h"
#include "app/record_files.h"
#include "core/ledgers.h"
#include "core/problem_rules.h"
#include "core/text.h"
#include "store/record_files_repo.h"

namespace lantian::app {
namespace {

bool may_read(const Actor& a) { return a.can("ledgers.read") || a.can("inspections.write"); }
// Inspectors work across the district: they see every inspection; others
// those of their units.
std::string scope_of(const Actor& a) { return a.can("inspections.write") ? "" : a.scope_path(); }

}  // namespace

Result<std::vector<const Checklist*>> InspectionService::checklists(const Actor& a,
                                                                    std::string_view target) const {
  if (!may_read(a)) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  std::vector<const Checklist*> out;
  for (const auto& c : lantian::checklists().all())
    if (target.empty() || c.applies_to(target)) out.push_back(&c);
  return out;
}

Result<Inspection> InspectionService::load_visible(store::Tx& tx, const Actor& a, int64_t id) const {
  LT_ASSIGN(auto i, store::inspections::get(tx, id));
  if (!i || !(a.sees_path(i->unit_path) || a.can("inspections.write")))
    return Error::make("inspection_not_found");
  return std::move(*i);
}

Result<InspectionDetail> InspectionService::create(const Actor& a, const InspectionInput& in) {
  if (!a.can("inspections.write")) return Error::make("not_permitted", {{"permission", "inspections.write"}});
  const Checklist* list = lantian::checklists().find(in.checklist);
  if (!list) return Error::field("checklist", issue("not_found"));
  std::vector<FieldError> errs;
  if (in.ledger_row_id.has_value() == in.enterprise_id.has_value())
    errs.push_back({"target", issue("one_of", {{"values", "ledger_row_id, enterprise_id"}})});
  std::string now = format_utc(clock_.now());
  std::string at = now;
  if (in.inspected_at) {
    auto t = parse_time(*in.inspected_at);
    if (!t)
      errs.push_back({"inspected_at", issue("not_a_date", {{"example", "2017-11-15T10:30:00+08:00"}})});
    else if (*t > clock_.now() + std::chrono::minutes(10))  // a phone's clock a little ahead is no lie
      errs.push_back({"inspected_at", issue("date_in_future")});
    else
      at = format_utc(*t);
  }
  std::optional<LngLat> location;
  if (in.location) {
    LngLat p = to_wgs84(*in.location, in.datum);
    if (!valid_lnglat(*in.location) || !in_china_box(p))
      errs.push_back({"location", issue("not_a_location")});
    else
      location = p;
  }
  std::string person = trim(in.person_met), note = trim(in.note);
  if (auto m = check_text(person, 50, false)) errs.push_back({"person_met", *m});
  if (auto m = check_text(note, 2000, false, true)) errs.push_back({"note", *m});
  // Every item of the checklist, once.
  std::set<std::string> seen;
  std::vector<InspectionItem> items;
  bool failed = false;
  for (const auto& it : in.items) {
    std::string where = "items[" + it.code + "]";
    if (!list->item(it.code)) {
      errs.push_back({where, issue("unknown_field", {{"name", it.code}})});
      continue;
    }
    if (!seen.insert(it.code).second) errs.push_back({where, issue("duplicate_entry", {{"value", it.code}})});
    auto r = check_result_named(it.result);
    if (!r) errs.push_back({where, issue("one_of", {{"values", "pass, fail, not_applicable"}})});
    InspectionItem clean = it;
    clean.note = trim(it.note);
    if (auto m = check_text(clean.note, 500, r == CheckResult::fail, true))
      errs.push_back({where + ".note", *m});
    clean.open_problem = r == CheckResult::fail && it.open_problem;
    failed = failed || r == CheckResult::fail;
    items.push_back(std::move(clean));
  }
  for (const auto& item : list->items)
    if (!seen.count(item.code)) errs.push_back({"items[" + item.code + "]", issue("required")});
  if (!errs.empty()) return Error::validation(std::move(errs));

  InspectionDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    if (in.client_key) {
      LT_ASSIGN(auto earlier, store::inspections::by_client_key(tx, *in.client_key));
      if (earlier) {
        LT_ASSIGN(out.inspection, load_visible(tx, a, *earlier));
        if (out.inspection.inspector_id != a.user_id) return Error::field("client_key", issue("taken"));
        LT_ASSIGN(out.files, store::record_files::for_record(tx, std::string(kInspectionRecord), *earlier));
        out.created = false;
        return {};
      }
    }
    std::optional<store::inspections::Target> target;
    if (in.ledger_row_id) {
      LT_ASSIGN(target, store::inspections::row_target(tx, *in.ledger_row_id));
    } else {
      LT_ASSIGN(target, store::inspections::enterprise_target(tx, *in.enterprise_id));
    }
    if (!target || !a.sees_path(target->unit_path)) return Error::field("target", issue("not_found"));
    if (!list->applies_to(in.ledger_row_id ? target->ledger_type : std::string("enterprise")))
      return Error::field(
          "checklist",
          issue("not_for_target", {{"target", in.ledger_row_id ? target->ledger_type : "enterprise"}}));
    Inspection i;
    i.checklist = list->name;
    i.ledger_row_id = in.ledger_row_id;
    i.enterprise_id = in.enterprise_id;
    i.unit_id = target->unit_id;
    i.unit_path = target->unit_path;
    i.inspector_id = a.user_id;
    i.inspected_at = at;
    i.location = location;
    i.person_met = person;
    i.result = failed ? "fail" : "pass";
    i.note = note;
    i.client_key = in.client_key;
    i.items = items;
    LT_ASSIGN(i, store::inspections::insert(tx, i, now));
    if (problems_) LT_TRY(open_problems(tx, a, *list, *target, i));
    if (filed_) LT_TRY(filed_(tx, i, now));
    LT_ASSIGN(out.inspection, load_visible(tx, a, i.id));
    LT_TRY(record_audit(tx, a, "inspect", std::string(kInspectionRecord), std::to_string(i.id), nullptr,
                        inspection_view(out.inspection, {}), now));
    return {};
  }));
  return out;
}

Status InspectionService::open_problems(store::Tx& tx, const Actor& a, const Checklist& list,
                                        const store::inspections::Target& target, const Inspection& i) {
  // The kind of problem: the one of the target's work area, else "other".
  std::string type = "other";
  if (const LedgerType* t = target.ledger_type.empty() ? nullptr : ledger_types().find(target.ledger_type))
    for (const auto& pt : problem_rules().types)
      if (pt.work_area == t->work_area) {
        type = pt.name;
        break;
      }
  for (const auto& it : i.items) {
    if (!it.open_problem) continue;
    const ChecklistItem* item = list.item(it.code);
    ProblemInput in;
    in.source = "inspection";
    in.problem_type = type;
    in.title = shorten_text(target.title + "：" + (item ? item->label.zh : it.code) + "不合格", 200);
    in.description = it.note;
    in.ledger_row_id = i.ledger_row_id;
    in.enterprise_id = i.enterprise_id;
    in.inspection_id = i.id;
    if (i.location) in.location = LocationInput{*i.location, Datum::wgs84};
    LT_ASSIGN(auto p, problems_->register_in(tx, a, in));
    LT_TRY(tx.exec("UPDATE inspection_items SET problem_id = $3 WHERE inspection_id = $1 AND code = $2",
                   {i.id, it.code, p.id}));
  }
  return {};
}

Result<InspectionDetail> InspectionService::get(const Actor& a, int64_t id) {
  if (!may_read(a)) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  InspectionDetail out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out.inspection, load_visible(tx, a, id));
    LT_ASSIGN(out.files, store::record_files::for_record(tx, std::string(kInspectionRecord), id));
    return {};
  }));
  return out;
}

Result<store::PageOf<Inspection>> InspectionService::list(const Actor& a, store::inspections::Filter f,
                                                          const store::Page& page) {
  if (!may_read(a)) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  f.scope_path = scope_of(a);
  store::PageOf<Inspection> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::inspections::list(tx, f, page));
    return {};
  }));
  return out;
}

Result<std::vector<store::Located>> InspectionService::map_points(const Actor& a,
                                                                  const std::vector<std::string>& results,
                                                                  size_t limit) {
  if (!may_read(a)) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  std::vector<store::Located> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::inspections::points(tx, scope_of(a), results, int64_t(limit)));
    return {};
  }));
  return out;
}

Result<RecordFile> InspectionService::attach(const Actor& a, int64_t id, const AttachmentUpload& file,
                                             bool signature) {
  if (!a.can("inspections.write")) return Error::make("not_permitted", {{"permission", "inspections.write"}});
  return file_on_record(db_, evidence_, clock_, a, {kInspectionRecord, id, 50, signature ? "signature" : ""},
                        file, [&](store::Tx& tx) -> Status {
                          LT_ASSIGN(auto i, load_visible(tx, a, id));
                          // Only the inspector who made the record adds to it.
                          if (i.inspector_id != a.user_id) return Error::make("not_the_inspector");
                          return {};
                        });
}

Result<std::pair<RecordFile, std::string>> InspectionService::file(const Actor& a, int64_t file_id,
                                                                   bool thumbnail) {
  if (!may_read(a)) return Error::make("not_permitted", {{"permission", "ledgers.read"}});
  return read_record_file(db_, evidence_, kInspectionRecord, file_id, thumbnail,
                          [&](store::Tx& tx, int64_t id) -> Status {
                            LT_TRY(load_visible(tx, a, id));
                            return {};
                          });
}

}  // namespace lantian::app
