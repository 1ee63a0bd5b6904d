// EnterpriseService: the registry itself — register, update, the
// enterprise's file, lists (see enterprise_service.h).
#include "app/enterprise_service.h"

#include "app/audit.h"
#include "app/enterprise_documents.h"
#include "app/enterprise_internal.h"
#include "app/enterprise_views.h"
#include "app/relocation_guard.h"
#include "core/credit_code.h"
#include "core/enterprises.h"
#include "core/ledger_values.h"
#include "core/text.h"
#include "store/enterprises_repo.h"
#include "store/inspections_repo.h"
#include "store/record_files_repo.h"
#include "store/relocation_alerts_repo.h"
#include "store/units_repo.h"

namespace lantian::app {

namespace enterprise_internal {
std::string checked(std::span<const LedgerField> fields, std::string_view name, const std::string& raw,
                    std::vector<FieldError>& errs) {
  const LedgerField* f = find_field(fields, name);
  if (!f) return raw;
  auto v = check_ledger_value(*f, RawValue{f->type == FieldType::phone ? halfwidth_ascii(raw) : raw});
  if (auto* bad = std::get_if<Issue>(&v)) {
    errs.push_back({std::string(name), *bad});
    return raw;
  }
  auto* s = std::get_if<std::string>(&std::get<LedgerValue>(v));
  return s ? *s : std::string();
}

void apply_fields(std::span<const LedgerField> fields, std::initializer_list<FieldBinding> bindings,
                  std::vector<FieldError>& errs) {
  for (const auto& b : bindings)
    if (*b.given) *b.target = checked(fields, b.name, **b.given, errs);
}

namespace {

// The fields given in `in` onto e, each checked; mistakes into errs.
void apply(Enterprise& e, const EnterpriseInput& in, std::vector<FieldError>& errs) {
  apply_fields(enterprise_fields(),
               {{"name", &in.name, &e.name},
                {"credit_code", &in.credit_code, &e.credit_code},
                {"legal_rep", &in.legal_rep, &e.legal_rep},
                {"phone", &in.phone, &e.phone},
                {"address", &in.address, &e.address},
                {"grid", &in.grid, &e.grid}},
               errs);
  if (in.industry_code) {
    e.industry_code = normalise_industry_code(*in.industry_code);
    if (!e.industry_code.empty())
      if (auto bad = check_industry_code(e.industry_code)) errs.push_back({"industry_code", *bad});
  }
  if (in.status) {
    if (find_enterprise_status(*in.status))
      e.status = *in.status;
    else
      errs.push_back({"status", issue("one_of", {{"values", codes_of(enterprise_statuses())}})});
  }
  if (in.location) {
    if (!*in.location) {
      e.location.reset();
    } else {
      auto p = stored_location(**in.location);
      if (auto* bad = std::get_if<Issue>(&p))
        errs.push_back({"location", *bad});
      else
        e.location = std::get<LngLat>(p);
    }
  }
}

// The unit an enterprise is registered with: existing, enabled, in scope.
Status place(store::Tx& tx, const Actor& a, Enterprise& e, std::vector<FieldError>& errs) {
  LT_ASSIGN(auto u, store::units::get(tx, e.unit_id));
  if (!u)
    errs.push_back({"unit_id", issue("no_such_unit")});
  else if (!a.sees_path(u->path))
    errs.push_back({"unit_id", issue("not_in_scope")});
  else if (u->disabled)
    errs.push_back({"unit_id", issue("unit_disabled")});
  else
    e.unit_path = u->path, e.unit_name = u->name;
  return {};
}

}  // namespace

Enterprise new_enterprise(const Actor& a, const EnterpriseInput& in) {
  Enterprise e;
  e.status = std::string(enterprise_statuses().front().code);
  e.unit_id = in.unit_id.value_or(a.unit_id);
  e.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
  return e;
}

Status check_enterprise(store::Tx& tx, const Actor& a, const EnterpriseInput& in, const Enterprise* cur,
                        Enterprise& e, std::vector<FieldError>& errs) {
  if (!cur) {
    EnterpriseInput given = in;
    if (!given.name) given.name = "";  // required
    apply(e, given, errs);
    return place(tx, a, e, errs);
  }
  apply(e, in, errs);
  if (in.unit_id && *in.unit_id != cur->unit_id) {
    e.unit_id = *in.unit_id;
    LT_TRY(place(tx, a, e, errs));
  }
  return {};
}

Status check_code_free(store::Tx& tx, const Enterprise& e) {
  if (e.credit_code.empty()) return {};
  LT_ASSIGN(auto holder, store::enterprises::by_credit_code(tx, e.credit_code));
  if (holder && holder->id != e.id) return Error::make("credit_code_taken");
  return {};
}

Error taken_if_conflict(Error e) {
  return e.kind == ErrorKind::conflict ? Error::make("credit_code_taken") : std::move(e);
}

bool same_identity(const Enterprise& a, const Enterprise& b) {
  return a.name == b.name && a.credit_code == b.credit_code && a.legal_rep == b.legal_rep &&
         a.phone == b.phone && a.address == b.address;
}

}  // namespace enterprise_internal

using namespace enterprise_internal;

namespace {

Result<std::vector<RelocationAlert>> guard(store::Tx& tx, const Actor& a, const Enterprise& e,
                                           const std::string& now) {
  LT_ASSIGN(auto banned, banned_index(tx));
  return raise_alerts(tx, a, suspects_for_enterprise(banned, e), now);
}

}  // namespace

Result<EnterpriseChange> EnterpriseService::register_enterprise(const Actor& a, const EnterpriseInput& in) {
  if (!a.can("enterprises.write")) return Error::make("not_permitted", {{"permission", "enterprises.write"}});
  std::string now = format_utc(clock_.now());
  EnterpriseChange out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    Enterprise e = new_enterprise(a, in);
    std::vector<FieldError> errs;
    LT_TRY(check_enterprise(tx, a, in, nullptr, e, errs));
    if (!errs.empty()) return Error::validation(errs);
    LT_TRY(check_code_free(tx, e));
    auto ins = store::enterprises::insert(tx, e, now);
    if (!ins.ok()) return taken_if_conflict(ins.take_error());
    out.enterprise = std::move(*ins);
    LT_TRY(record_audit(tx, a, "create", "enterprise", std::to_string(out.enterprise.id), nullptr,
                        enterprise_view(out.enterprise), now));
    LT_ASSIGN(out.alerts, guard(tx, a, out.enterprise, now));
    return {};
  }));
  return out;
}

Result<EnterpriseChange> EnterpriseService::update(const Actor& a, int64_t id, const EnterpriseInput& in) {
  if (!a.can("enterprises.write")) return Error::make("not_permitted", {{"permission", "enterprises.write"}});
  std::string now = format_utc(clock_.now());
  EnterpriseChange out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, store::enterprises::get(tx, id));
    if (!cur || !a.sees_path(cur->unit_path)) return Error::make("enterprise_not_found");
    if (cur->version != in.version)
      return Error::make("stale_version", {{"version", std::to_string(cur->version)}});
    Enterprise e = *cur;
    std::vector<FieldError> errs;
    LT_TRY(check_enterprise(tx, a, in, &*cur, e, errs));
    if (!errs.empty()) return Error::validation(errs);
    if (enterprise_view(e) == enterprise_view(*cur)) {
      out.enterprise = *cur;
      return {};
    }
    LT_TRY(check_code_free(tx, e));
    auto ok = store::enterprises::update(tx, e, now);
    if (!ok.ok()) return taken_if_conflict(ok.take_error());
    if (!*ok) return Error::make("stale_version");
    LT_ASSIGN(auto again, store::enterprises::get(tx, id));
    out.enterprise = std::move(*again);
    LT_TRY(record_audit(tx, a, "update", "enterprise", std::to_string(id), enterprise_view(*cur),
                        enterprise_view(out.enterprise), now));
    if (!same_identity(*cur, out.enterprise)) {
      LT_ASSIGN(out.alerts, guard(tx, a, out.enterprise, now));
    }
    return {};
  }));
  return out;
}

Result<EnterpriseFile> EnterpriseService::get(const Actor& a, int64_t id) {
  if (!a.can("enterprises.read")) return Error::make("not_permitted", {{"permission", "enterprises.read"}});
  EnterpriseFile out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto e, store::enterprises::get(tx, id));
    if (!e || !a.sees_path(e->unit_path)) return Error::make("enterprise_not_found");
    out.enterprise = std::move(*e);
    LT_ASSIGN(out.ledger_rows, store::enterprises::ledger_rows(tx, id, a.scope_path(), kLinkedRows));
    store::Page page;
    page.per_page = kLinkedRows;
    page.with_total = false;
    store::inspections::Filter checks;
    checks.scope_path = a.scope_path();
    checks.enterprise_id = id;
    LT_ASSIGN(auto inspections, store::inspections::list(tx, checks, page));
    out.inspections = std::move(inspections.items);
    // Supervision problems linked to it (issue 12): read here when they exist.
    store::relocation_alerts::Filter open;
    open.statuses = {"open"};
    open.enterprise_id = id;
    LT_ASSIGN(auto alerts, store::relocation_alerts::list(tx, open, page));
    out.open_alerts = std::move(alerts.items);
    LT_ASSIGN(out.files, store::record_files::for_record(tx, std::string(kEnterpriseRecord), id));
    return {};
  }));
  return out;
}

Result<store::PageOf<Enterprise>> EnterpriseService::list(const Actor& a, const EnterpriseListFilter& f,
                                                          const store::Page& page) {
  if (!a.can("enterprises.read")) return Error::make("not_permitted", {{"permission", "enterprises.read"}});
  store::enterprises::Filter sf;
  sf.scope_path = a.scope_path();
  sf.q = trim(f.q);
  if (!sf.q.empty()) sf.code_q = normalise_credit_code(sf.q);
  for (const auto& s : f.statuses)
    if (!find_enterprise_status(s))
      return Error::make("query_unknown_value", {{"name", "status"}, {"value", s}});
  sf.statuses = f.statuses;
  store::PageOf<Enterprise> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    if (f.unit_id) {
      LT_ASSIGN(auto u, store::units::get(tx, *f.unit_id));
      if (!u) return {};  // no such unit: nothing of it
      sf.unit_path = u->path;
    }
    LT_ASSIGN(out, store::enterprises::list(tx, sf, page));
    return {};
  }));
  return out;
}

Result<std::vector<store::Located>> EnterpriseService::map_points(const Actor& a,
                                                                  const std::vector<std::string>& statuses,
                                                                  size_t limit) {
  if (!a.can("enterprises.read")) return Error::make("not_permitted", {{"permission", "enterprises.read"}});
  std::vector<store::Located> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::enterprises::points(tx, a.scope_path(), statuses, int64_t(limit)));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
