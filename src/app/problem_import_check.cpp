// ProblemSheetService::check: every row of a 督办清单 or a re-imported 整改台账
// checked against the registry, the units and the problems already
// registered, into the report and the plan of what to write
// (app/problem_sheets.h; problem_import.cpp reads the rows and writes the plan).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/location_input.h"
#include "app/problem_import_internal.h"
#include "core/credit_code.h"
#include "core/text.h"
#include "core/workflows.h"
#include "store/enterprises_repo.h"
#include "store/problems_repo.h"
#include "store/units_repo.h"

namespace lantian::app {

namespace ps = problem_sheet;
using problem_import::column_name;
using problem_import::ReadSheet;
using ps::Column;

namespace {

// The registration of a problem as an input, to change some of it.
ProblemInput input_of(const Problem& p) {
  ProblemInput in;
  in.source = p.source;
  in.problem_type = p.problem_type;
  in.title = p.title;
  in.description = p.description;
  in.standard = p.standard;
  in.disposition = std::string(disposition_name(p.disposition));
  in.enterprise_id = p.enterprise_id;
  in.ledger_row_id = p.ledger_row_id;
  in.inspection_id = p.inspection_id;
  in.site = p.site;
  in.address = p.address;
  if (p.location) in.location = LocationInput{*p.location, Datum::wgs84};
  in.external_id = p.external_id;
  in.reporter_name = p.reporter_name;
  in.reporter_phone = p.reporter_phone;
  in.reporter_email = p.reporter_email;
  return in;
}

// The problem's description and place as the export shows them.
std::string shown_description(const Problem& p) { return p.description.empty() ? p.title : p.description; }
std::string shown_place(const Problem& p) { return p.address.empty() ? p.site : p.address; }

// Whether a deadline cell says what the problem has: a date is its due date
// (whatever kind it was given as), otherwise the same kind (and days).
bool same_deadline(const ps::DeadlineCell& d, const Problem& p) {
  if (p.deadline.empty()) return false;
  if (d.kind == DeadlineKind::date) return d.date == p.deadline;
  return d.kind == p.deadline_kind && (d.kind != DeadlineKind::working_days || d.days == p.deadline_days);
}

std::string point_text(const LngLat& p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f", p.lng, p.lat);
  return buf;
}

// The column a registration field error is about.
Column column_of_field(const std::string& field) {
  static const std::map<std::string, Column> m = {
      {"source", Column::source},
      {"problem_type", Column::type},
      {"title", Column::description},
      {"description", Column::description},
      {"standard", Column::standard},
      {"site", Column::enterprise},
      {"address", Column::address},
      {"external_id", Column::seq},
      {"location", Column::lng},
      {"disposition", Column::disposition},
      {"enterprise_id", Column::enterprise},
  };
  auto it = m.find(field);
  return it == m.end() ? Column::description : it->second;
}

}  // namespace

Result<ProblemSheetService::Plan> ProblemSheetService::check(const Actor& a, const std::string& bytes,
                                                             const ProblemImportOptions& o) {
  const ProblemRules& rules = problem_rules();
  const WorkflowDef& wf = problem_workflow();
  const ProblemSource* default_source = nullptr;
  if (!trim(o.default_source).empty()) {
    default_source = ps::find_source(rules, o.default_source);
    if (!default_source)
      return Error::field("source", issue("unknown_problem_source", {{"name", trim(o.default_source)}}));
  }
  LT_ASSIGN(ReadSheet sheet, problem_import::read_rows(bytes, o));
  Plan plan;
  ProblemImportReport& rep = plan.report;
  rep.format = sheet.format;
  rep.datum = std::string(datum_name(o.datum));
  rep.header_row = sheet.header_row;
  rep.headers = sheet.headers;
  rep.dry_run = o.dry_run;
  for (const auto& [col, name] : o.mapping) {
    if (col < 0 || size_t(col) >= sheet.mapping.size())
      return Error::field(
          "mapping", issue("out_of_range", {{"min", "0"}, {"max", std::to_string(sheet.mapping.size())}}));
    if (!name.empty() && !ps::column_named(name))
      return Error::field("mapping", issue("unknown_field", {{"name", name}}));
    for (auto& m : sheet.mapping)
      if (!name.empty() && m == name) m.clear();
    sheet.mapping[size_t(col)] = name;
  }
  rep.mapping = sheet.mapping;
  std::vector<int> col_of(ps::kColumnCount, -1);
  for (size_t i = 0; i < sheet.mapping.size(); ++i)
    if (auto c = ps::column_named(sheet.mapping[i]); c && ps::column_def(*c).read)
      col_of[size_t(*c)] = int(i);
  auto required_column = [&](Column c) -> Status {
    if (col_of[size_t(c)] >= 0) return {};
    return Error::field("mapping",
                        issue("column_required", {{"label", std::string(ps::column_def(c).header)}}));
  };
  LT_TRY(required_column(Column::description));
  LT_TRY(required_column(Column::type));
  if (!default_source && col_of[size_t(Column::number)] < 0) LT_TRY(required_column(Column::source));

  auto cell_of = [&](const ReadSheet::Row& r, Column c) -> const SheetCell& {
    static const SheetCell kEmpty;
    int i = col_of[size_t(c)];
    return i >= 0 && size_t(i) < r.cells.size() ? r.cells[size_t(i)] : kEmpty;
  };
  auto text_of = [&](const ReadSheet::Row& r, Column c) { return trim(cell_of(r, c).text); };
  // Each row's source (given, or the default) and keys, to find the problems already there.
  std::vector<const ProblemSource*> sources(sheet.rows.size());
  std::vector<std::string> numbers;
  std::map<std::string, std::vector<std::string>> external;  // source -> item numbers
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    const auto& r = sheet.rows[i];
    std::string s = text_of(r, Column::source);
    sources[i] = s.empty() ? default_source : ps::find_source(rules, s);
    if (std::string n = text_of(r, Column::number); !n.empty())
      numbers.push_back(n);
    else if (std::string seq = text_of(r, Column::seq); !seq.empty() && sources[i])
      external[sources[i]->name].push_back(seq);
  }

  const std::string today = problems_.today();
  const auto calendar = problems_.calendar();
  const auto day = parse_date(today);
  if (!calendar || !day) return Error::internal("no working calendar");
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    std::map<std::string, std::vector<Unit>> units;
    LT_ASSIGN(auto all_units, store::units::all(tx, a.scope_path(), false));
    for (auto& u : all_units) units[u.name].push_back(std::move(u));
    std::map<std::string, Problem> by_number, by_external;  // by number; by source + "\x1f" + external_id
    LT_ASSIGN(auto numbered, store::problems::with_numbers(tx, numbers));
    for (auto& p : numbered) by_number.emplace(p.number, std::move(p));
    for (const auto& [source, ids] : external) {
      LT_ASSIGN(auto listed, store::problems::with_external_ids(tx, source, ids));
      // Should two problems share an item number (registered by hand), the first registered counts.
      std::sort(listed.begin(), listed.end(), [](const Problem& x, const Problem& y) { return x.id < y.id; });
      for (auto& p : listed) by_external.emplace(source + "\x1f" + p.external_id, std::move(p));
    }
    std::map<std::string, std::optional<Enterprise>> enterprises;  // by name or credit code, looked up once
    auto enterprise_for = [&](const std::string& name,
                              const std::string& code) -> Result<std::optional<Enterprise>> {
      if (!code.empty()) {
        auto it = enterprises.find("#" + code);
        if (it == enterprises.end()) {
          LT_ASSIGN(auto e, store::enterprises::by_credit_code(tx, code));
          it = enterprises.emplace("#" + code, std::move(e)).first;
        }
        if (it->second) return it->second;
      }
      if (name.empty()) return std::optional<Enterprise>();
      auto it = enterprises.find(name);
      if (it == enterprises.end()) {
        LT_ASSIGN(auto list, store::enterprises::named(tx, name));
        it = enterprises.emplace(name, list.size() == 1 ? std::optional<Enterprise>(list[0]) : std::nullopt)
                 .first;
      }
      return it->second;
    };

    std::set<std::string> numbers_seen, keys_seen;
    for (size_t ri = 0; ri < sheet.rows.size(); ++ri) {
      const auto& r = sheet.rows[ri];
      ++rep.rows;
      ProblemImportRow out;
      out.row = r.number;
      auto add = [&](std::vector<ProblemImportIssue>& to, Column c, const Issue& i) {
        to.push_back({col_of[size_t(c)], column_name(c), i.code, i.message, i.params});
      };
      auto bad = [&](Column c, const Issue& i) { add(out.issues, c, i); };
      // Which problem the row is, if any.
      const Problem* cur = nullptr;
      const std::string number = text_of(r, Column::number), seq = text_of(r, Column::seq);
      const std::string source_text = text_of(r, Column::source);
      const ProblemSource* src = sources[ri];
      if (!number.empty()) {
        if (!numbers_seen.insert(number).second) bad(Column::number, issue("duplicate_in_file"));
        if (auto it = by_number.find(number); it != by_number.end())
          cur = &it->second;
        else
          bad(Column::number, issue("unknown_problem_number", {{"number", number}}));
      }
      if (!source_text.empty() && !src)
        bad(Column::source, issue("unknown_problem_source", {{"name", source_text}}));
      else if (!src && number.empty())
        bad(Column::source, issue("required"));
      if (number.empty() && src && !seq.empty()) {
        std::string key = src->name + "\x1f" + seq;
        if (!keys_seen.insert(key).second) bad(Column::seq, issue("duplicate_in_file"));
        if (auto it = by_external.find(key); it != by_external.end()) cur = &it->second;
      }
      const bool registering = !cur || cur->status == wf.initial;
      // The values the row gives (blank cells give nothing).
      const std::string type_text = text_of(r, Column::type);
      const ProblemType* type = type_text.empty() ? nullptr : ps::find_type(rules, type_text);
      if (!type_text.empty() && !type)
        bad(Column::type, issue("unknown_problem_type", {{"name", type_text}}));
      if (type_text.empty() && !cur) bad(Column::type, issue("required"));
      std::string desc = cell_of(r, Column::description).text;
      for (size_t at; (at = desc.find('\r')) != std::string::npos;) desc.erase(at, 1);
      desc = trim(desc);
      if (desc.empty() && !cur) bad(Column::description, issue("required"));
      const std::string address = text_of(r, Column::address), standard = text_of(r, Column::standard);
      const std::string person = text_of(r, Column::person), unit_name = text_of(r, Column::unit);
      // The enterprise: by a credit code (its column, or the name cell holding
      // one), else by a name only one enterprise has; otherwise the name is the site.
      std::string ent_text = text_of(r, Column::enterprise);
      const bool ent_is_code = !ent_text.empty() && !check_credit_code(normalise_credit_code(ent_text));
      std::string code = normalise_credit_code(text_of(r, Column::credit_code));
      if (code.empty() && ent_is_code) code = normalise_credit_code(ent_text);
      if (!code.empty() && check_credit_code(code)) code.clear();  // not a valid code: no match by it
      LT_ASSIGN(auto ent, enterprise_for(ent_is_code ? std::string() : ent_text, code));
      if (ent_is_code) ent_text.clear();
      // 经度/纬度 or 经纬度, in the importer's datum.
      std::optional<LngLat> point;
      if (std::string both = text_of(r, Column::lnglat); !both.empty()) {
        if (auto p = ps::parse_point(both))
          point = *p;
        else
          bad(Column::lnglat, issue("not_a_location"));
      } else if (!text_of(r, Column::lng).empty() || !text_of(r, Column::lat).empty()) {
        auto lng = ps::parse_coordinate(cell_of(r, Column::lng)),
             lat = ps::parse_coordinate(cell_of(r, Column::lat));
        for (auto [c, v] : {std::pair{Column::lng, &lng}, std::pair{Column::lat, &lat}})
          if (!*v) bad(c, issue(text_of(r, c).empty() ? "required" : "not_a_location"));
        if (lng && lat) point = LngLat{*lng, *lat};
      }
      std::optional<LngLat> wgs;
      if (point) {
        auto at = stored_location({*point, o.datum});
        if (std::holds_alternative<Issue>(at))
          bad(col_of[size_t(Column::lnglat)] >= 0 ? Column::lnglat : Column::lng, issue("not_a_location"));
        else
          wgs = std::get<LngLat>(at);
      }
      std::optional<Disposition> disposition;
      if (std::string d = text_of(r, Column::disposition); !d.empty()) {
        disposition = ps::parse_disposition(d);
        if (!disposition) bad(Column::disposition, issue("one_of", {{"values", "整改, 取缔, 搬迁"}}));
      }
      std::optional<ps::DeadlineCell> deadline;
      auto parsed = ps::parse_deadline(cell_of(r, Column::deadline));
      if (auto* i = std::get_if<Issue>(&parsed)) bad(Column::deadline, *i);
      if (auto* d = std::get_if<ps::DeadlineCell>(&parsed)) deadline = *d;

      // What differs from the problem the row is.
      auto change = [&](std::string field, std::string from, std::string to) {
        out.changes.push_back({std::move(field), std::move(from), std::move(to)});
      };
      if (cur) {
        out.id = cur->id, out.number = cur->number, out.title = cur->title;
        if (src && src->name != cur->source) {
          const ProblemSource* was = rules.source(cur->source);
          change("source", was ? was->label.zh : cur->source, src->label.zh);
          if (registering) bad(Column::source, issue("cannot_change"));
        }
        if (type && type->name != cur->problem_type) {
          const ProblemType* was = rules.type(cur->problem_type);
          change("type", was ? was->label.zh : cur->problem_type, type->label.zh);
        }
        if (!desc.empty() && desc != shown_description(*cur))
          change("description", shown_description(*cur), desc);
        if (!address.empty() && address != cur->address && address != shown_place(*cur))
          change("address", cur->address, address);
        if (ent && ent->id != cur->enterprise_id.value_or(0))
          change("enterprise", cur->enterprise_name.empty() ? cur->site : cur->enterprise_name, ent->name);
        else if (!ent && !ent_text.empty() && ent_text != cur->site && ent_text != cur->enterprise_name)
          change("enterprise", cur->enterprise_name.empty() ? cur->site : cur->enterprise_name, ent_text);
        if (!standard.empty() && standard != cur->standard) change("standard", cur->standard, standard);
        if (wgs && (!cur->location || std::abs(wgs->lng - cur->location->lng) > 1e-6 ||
                    std::abs(wgs->lat - cur->location->lat) > 1e-6))
          change("location", cur->location ? point_text(*cur->location) : "", point_text(*wgs));
        if (disposition && *disposition != cur->disposition)
          change("disposition", std::string(ps::disposition_label(cur->disposition)),
                 std::string(ps::disposition_label(*disposition)));
        if (!registering) {
          // Responsibility is only compared: a problem past registration never changes here.
          if (!unit_name.empty() && unit_name != cur->unit_name) change("unit", cur->unit_name, unit_name);
          if (!person.empty() && person != cur->person_name) change("person", cur->person_name, person);
          if (deadline && !same_deadline(*deadline, *cur))
            change("deadline", cur->deadline, ps::deadline_text(*deadline));
        }
      } else {
        out.title = ps::title_from(desc);
      }

      // The assignment: a unit with a deadline, on a problem still registered.
      std::optional<ProblemAssignment> assign;
      if (registering && (!unit_name.empty() || deadline)) {
        std::optional<Unit> unit;
        if (!unit_name.empty()) {
          auto it = units.find(unit_name);
          if (it == units.end())
            bad(Column::unit, issue("unknown_unit", {{"name", unit_name}}));
          else if (it->second.size() > 1)
            bad(Column::unit, issue("ambiguous_unit", {{"name", unit_name}}));
          else
            unit = it->second[0];
        }
        if (deadline) {
          ProblemDeadline pd;
          pd.kind = deadline->kind;
          pd.working_days = deadline->days;
          if (deadline->kind == DeadlineKind::date) pd.date = parse_date(deadline->date);
          if (!due_date(pd, *day, *calendar))
            bad(Column::deadline, issue("deadline_invalid", {{"today", today}}));
        }
        if (auto m = check_text(person, 50, false)) bad(Column::person, *m);
        if (unit_name.empty() != trim(cell_of(r, Column::deadline).text).empty()) {
          add(out.notes, unit_name.empty() ? Column::unit : Column::deadline, issue("problem_not_assigned"));
        } else if (unit && deadline) {
          ProblemAssignment as;
          as.unit_id = unit->id;
          as.person_name = person;
          as.deadline_kind = std::string(deadline_kind_name(deadline->kind));
          as.deadline = deadline->date;
          as.deadline_days = deadline->days;
          assign = as;
          out.assigns = true;
          if (cur) change("unit", cur->unit_name, unit_name);
          if (cur && !person.empty()) change("person", cur->person_name, person);
          if (cur) change("deadline", cur->deadline, ps::deadline_text(*deadline));
        }
      }

      // The registration as it will be, checked as create() checks it.
      ProblemInput in = cur ? input_of(*cur) : ProblemInput{};
      if (!cur) {
        in.source = src ? src->name : "";
        in.external_id = seq;
      }
      if (type) in.problem_type = type->name;
      if (!desc.empty() && (!cur || desc != shown_description(*cur))) {
        in.title = ps::title_from(desc);
        in.description = desc;
      }
      if (!address.empty() && (!cur || (address != cur->address && address != shown_place(*cur))))
        in.address = address;
      if (ent) {
        in.enterprise_id = ent->id;
        if (!cur || ent->id != cur->enterprise_id.value_or(0)) in.site.clear();
      } else if (!ent_text.empty() && (!cur || (ent_text != cur->site && ent_text != cur->enterprise_name))) {
        in.site = ent_text;
        in.enterprise_id.reset();
      }
      if (!standard.empty()) in.standard = standard;
      if (wgs) in.location = LocationInput{*wgs, Datum::wgs84};
      if (disposition) in.disposition = std::string(disposition_name(*disposition));
      if (registering && out.issues.empty()) {
        Problem probe;
        auto checked = check_problem_input(tx, in, probe);
        if (!checked.ok()) {
          for (const auto& f : checked.error().fields)
            bad(column_of_field(f.field), Issue{f.code, f.params, f.message});
          if (checked.error().fields.empty()) return checked.error();
        }
      }

      const bool registration_changes =
          cur && std::any_of(out.changes.begin(), out.changes.end(), [](const ProblemImportChange& c) {
            return c.field != "unit" && c.field != "person" && c.field != "deadline";
          });
      if (!out.issues.empty()) {
        out.outcome = "error";
        ++rep.errors;
      } else if (!cur) {
        out.outcome = "new";
        ++rep.new_rows;
      } else if (out.changes.empty()) {
        out.outcome = "unchanged";
        ++rep.unchanged;
      } else if (!registering) {
        out.outcome = "in_progress";
        const WorkflowState* s = wf.state(cur->status);
        add(out.notes, Column::status,
            issue("problem_in_progress", {{"status", s ? s->label.zh : cur->status}}));
        ++rep.in_progress;
      } else {
        out.outcome = "changed";
        ++rep.changed;
      }
      if (out.outcome == "new" || out.outcome == "changed") {
        if (assign) ++rep.assigned;
        Plan::Item item;
        item.detail = rep.details.size();
        if (cur) item.id = cur->id, item.version = cur->version;
        item.update = registration_changes;
        item.input = std::move(in);
        item.assign = std::move(assign);
        plan.items.push_back(std::move(item));
      }
      if (out.outcome != "new" && out.outcome != "changed") out.assigns = false;
      rep.details.push_back(std::move(out));
    }
    return {};
  }));
  return plan;
}

}  // namespace lantian::app
