// EnterpriseService: the banned list (关停取缔企业名单) — one added by hand, a
// list imported from CSV (another district's notice, or our own), the list
// itself (see enterprise_service.h). Each banned enterprise added is matched
// against the registry (app/relocation_guard.h).
#include <map>
#include <set>

#include "app/audit.h"
#include "app/enterprise_internal.h"
#include "app/enterprise_service.h"
#include "app/enterprise_views.h"
#include "app/relocation_guard.h"
#include "core/credit_code.h"
#include "core/enterprises.h"
#include "core/text.h"
#include "io/csv_reader.h"
#include "store/banned_enterprises_repo.h"
#include "store/enterprises_repo.h"

namespace lantian::app {
using namespace enterprise_internal;

namespace {

constexpr const char* kSources[] = {"ours", "imported"};

// The CSV header of each field: the brief's column names, then the field's
// own label and API name.
const std::map<std::string, std::string, std::less<>>& header_aliases() {
  static const auto m = [] {
    std::map<std::string, std::string, std::less<>> out = {{"名称", "name"},
                                                           {"统一社会信用代码", "credit_code"},
                                                           {"法定代表人", "legal_rep"},
                                                           {"联系电话", "phone"},
                                                           {"地址", "address"},
                                                           {"原属区域", "origin"},
                                                           {"取缔日期", "banned_on"},
                                                           {"原因", "reason"}};
    for (const auto& f : banned_enterprise_fields()) {
      out.emplace(f.label.zh, f.name);
      out.emplace(f.name, f.name);
    }
    return out;
  }();
  return m;
}

// Rows already listed are skipped: the same credit code, or without one the
// same name from the same place.
std::string duplicate_key(const BannedEnterprise& b) {
  return b.credit_code.empty() ? "n:" + b.name + "\x1f" + b.origin : "c:" + b.credit_code;
}

// One banned enterprise from the fields of `in`, checked.
void apply(BannedEnterprise& b, const BannedInput& in, std::vector<FieldError>& errs) {
  apply_fields(banned_enterprise_fields(),
               {{"name", &in.name, &b.name},
                {"credit_code", &in.credit_code, &b.credit_code},
                {"legal_rep", &in.legal_rep, &b.legal_rep},
                {"phone", &in.phone, &b.phone},
                {"address", &in.address, &b.address},
                {"origin", &in.origin, &b.origin},
                {"banned_on", &in.banned_on, &b.banned_on},
                {"reason", &in.reason, &b.reason}},
               errs);
}

// Marks one of ours banned when we list it (audited as its update).
Status mark_banned(store::Tx& tx, const Actor& a, const Enterprise& e, const std::string& now) {
  if (e.status == "banned") return {};
  Enterprise next = e;
  next.status = "banned";
  LT_ASSIGN(bool ok, store::enterprises::update(tx, next, now));
  if (!ok) return Error::make("stale_version");
  LT_ASSIGN(auto again, store::enterprises::get(tx, e.id));
  return record_audit(tx, a, "update", "enterprise", std::to_string(e.id), enterprise_view(e),
                      enterprise_view(*again), now);
}

}  // namespace

Result<BannedChange> EnterpriseService::add_banned(const Actor& a, const BannedInput& in) {
  if (!keeps_banned_list(a)) return Error::make("office_only");
  std::string now = format_utc(clock_.now());
  BannedChange out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    BannedEnterprise b;
    b.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
    std::vector<FieldError> errs;
    std::optional<Enterprise> ours;
    if (in.enterprise_id) {
      LT_ASSIGN(ours, store::enterprises::get(tx, *in.enterprise_id));
      if (!ours) return Error::field("enterprise_id", issue("no_such_enterprise"));
      // Its identity as registered, unless given otherwise.
      b.name = ours->name, b.credit_code = ours->credit_code, b.legal_rep = ours->legal_rep;
      b.phone = ours->phone, b.address = ours->address, b.origin = ours->unit_name;
      b.enterprise_id = ours->id;
      if (in.source && *in.source != "ours")
        errs.push_back({"source", issue("one_of", {{"values", "ours"}})});
      b.source = "ours";
    } else {
      b.source = in.source.value_or("imported");
      if (b.source != kSources[0] && b.source != kSources[1])
        errs.push_back({"source", issue("one_of", {{"values", "ours, imported"}})});
    }
    BannedInput given = in;
    if (!ours && !given.name) given.name = "";  // required
    apply(b, given, errs);
    if (!errs.empty()) return Error::validation(errs);
    LT_ASSIGN(out.banned, store::banned_enterprises::insert(tx, b, now));
    LT_TRY(record_audit(tx, a, "create", "banned_enterprise", std::to_string(out.banned.id), nullptr,
                        banned_enterprise_view(out.banned), now));
    if (ours) LT_TRY(mark_banned(tx, a, *ours, now));
    LT_ASSIGN(auto registry, enterprise_index(tx));
    LT_ASSIGN(out.alerts, raise_alerts(tx, a, suspects_for_banned(registry, out.banned), now));
    return {};
  }));
  return out;
}

Result<BannedImportReport> EnterpriseService::import_banned(const Actor& a, std::string_view csv,
                                                            bool dry_run) {
  if (!keeps_banned_list(a)) return Error::make("office_only");
  auto table = io::read_csv(csv);
  if (!table.ok()) return Error::field("file", issue("csv_unreadable", {{"reason", table.error().message}}));
  BannedImportReport report;
  report.dry_run = dry_run;
  report.encoding = table->encoding;
  auto& rows = table->rows;
  if (rows.size() < 2) return Error::field("file", issue("csv_no_rows"));
  if (int64_t(rows.size()) - 1 > kMaxBannedImportRows)
    return Error::field("file", issue("csv_too_many_rows", {{"max", std::to_string(kMaxBannedImportRows)}}));

  // The header: which column holds which field.
  std::map<std::string, size_t> column_of;  // field -> 0-based column
  const auto& header = rows[0].cells;
  for (size_t c = 0; c < header.size(); ++c) {
    std::string title = trim(header[c]);
    auto it = header_aliases().find(title);
    if (it == header_aliases().end()) {
      if (!title.empty()) report.ignored_columns.push_back(title);
      continue;
    }
    if (!column_of.emplace(it->second, c).second)
      return Error::field("file", issue("csv_column_twice", {{"column", title}}));
  }
  if (!column_of.count("name"))
    return Error::field("file", issue("csv_missing_column", {{"column", "名称"}}));

  // Every row checked before anything is written.
  std::vector<std::pair<int, BannedEnterprise>> valid;  // line, record
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    BannedInput in;
    auto cell = [&](const char* field) -> std::optional<std::string> {
      auto it = column_of.find(field);
      if (it == column_of.end()) return std::nullopt;
      return it->second < row.cells.size() ? row.cells[it->second] : std::string();
    };
    in.name = cell("name").value_or("");
    in.credit_code = cell("credit_code"), in.legal_rep = cell("legal_rep"), in.phone = cell("phone");
    in.address = cell("address"), in.origin = cell("origin"), in.banned_on = cell("banned_on");
    in.reason = cell("reason");
    BannedEnterprise b;
    b.source = "imported";
    b.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
    std::vector<FieldError> errs;
    apply(b, in, errs);
    ++report.total_rows;
    if (errs.empty()) {
      ++report.valid_rows;
      valid.emplace_back(row.line, std::move(b));
      continue;
    }
    ++report.invalid_rows;
    for (auto& e : errs) {
      if (report.errors.size() >= kMaxImportErrors) {
        report.errors_truncated = true;
        break;
      }
      size_t col = column_of.at(e.field);
      report.errors.push_back(
          {row.line, int(col) + 1, trim(header[col]), e.field, e.code, e.params, e.message});
    }
  }
  if (report.invalid_rows > 0 && !dry_run) return report;  // all or nothing

  std::string now = format_utc(clock_.now());
  auto run = [&](store::Tx& tx) -> Status {
    std::set<std::string> listed;
    LT_ASSIGN(auto existing, store::banned_enterprises::all(tx));
    for (const auto& b : existing) listed.insert(duplicate_key(b));
    LT_ASSIGN(auto registry, enterprise_index(tx));
    for (auto& [line, b] : valid) {
      if (!listed.insert(duplicate_key(b)).second) {
        report.duplicate_lines.push_back(line);
        continue;
      }
      if (dry_run) {
        report.alerts += int64_t(suspects_for_banned(registry, b).size());
        continue;
      }
      LT_ASSIGN(auto stored, store::banned_enterprises::insert(tx, b, now));
      LT_TRY(record_audit(tx, a, "import", "banned_enterprise", std::to_string(stored.id), nullptr,
                          banned_enterprise_view(stored), now));
      ++report.imported;
      LT_ASSIGN(auto alerts, raise_alerts(tx, a, suspects_for_banned(registry, stored), now));
      report.alerts += int64_t(alerts.size());
    }
    return {};
  };
  if (dry_run)
    LT_TRY(db_.read(run));
  else
    LT_TRY(db_.write(run));
  return report;
}

Result<store::PageOf<BannedEnterprise>> EnterpriseService::list_banned(const Actor& a,
                                                                       const BannedListFilter& f,
                                                                       const store::Page& page) {
  if (!a.can("enterprises.read")) return Error::make("not_permitted", {{"permission", "enterprises.read"}});
  if (!f.source.empty() && f.source != kSources[0] && f.source != kSources[1])
    return Error::make("query_unknown_value", {{"name", "source"}, {"value", f.source}});
  store::banned_enterprises::Filter sf;
  sf.q = trim(f.q);
  if (!sf.q.empty()) sf.code_q = normalise_credit_code(sf.q);
  sf.source = f.source;
  store::PageOf<BannedEnterprise> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::banned_enterprises::list(tx, sf, page));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
