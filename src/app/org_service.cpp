#include "app/org_service.h"

#include <map>

#include "app/audit.h"
#include "app/views.h"
#include "core/org.h"
#include "core/text.h"

namespace lantian::app {
namespace {

void check_person(const Person& p, const std::string& field, std::vector<FieldError>& errs) {
  if (auto m = check_text(p.name, 40, false)) errs.push_back({field + ".name", *m});
  if (!p.phone.empty() && !valid_phone(p.phone)) errs.push_back({field + ".phone", issue("bad_phone")});
}

// Validates a complete unit (after a patch is applied), parent given.
Status validate(const Unit& u, const std::optional<Unit>& parent) {
  std::vector<FieldError> errs;
  if (auto m = check_text(u.name, 60, true)) errs.push_back({"name", *m});
  const UnitKindDef* kind = find_unit_kind(u.kind);
  if (!kind) errs.push_back({"kind", issue("unknown_unit_kind")});
  if (!u.division_code.empty() && !valid_division_code(u.division_code))
    errs.push_back({"division_code", issue("bad_division_code")});
  check_person(u.party_secretary, "party_secretary", errs);
  check_person(u.government_head, "government_head", errs);
  if (u.contacts.size() > 20) errs.push_back({"contacts", issue("too_many", {{"max", "20"}})});
  for (size_t i = 0; i < u.contacts.size(); ++i) {
    std::string f = "contacts[" + std::to_string(i) + "]";
    const auto& c = u.contacts[i];
    if (auto m = check_text(c.name, 40, true)) errs.push_back({f + ".name", *m});
    if (auto m = check_text(c.title, 40, false)) errs.push_back({f + ".title", *m});
    if (!c.phone.empty() && !valid_phone(c.phone)) errs.push_back({f + ".phone", issue("bad_phone")});
  }
  if (kind) {
    if (!parent && !kind->root_allowed)
      errs.push_back({"parent_id", issue("needs_parent")});
    else if (parent && !kind_allows_parent(u.kind, parent->kind))
      errs.push_back(
          {"parent_id", issue("wrong_parent_kind", {{"kind", u.kind}, {"parent_kind", parent->kind}})});
  }
  if (parent && parent->disabled) errs.push_back({"parent_id", issue("parent_disabled")});
  if (!errs.empty()) return Error::validation(std::move(errs));
  return {};
}

void apply(Unit& u, const UnitInput& in) {
  if (in.name) u.name = trim(*in.name);
  if (in.kind) u.kind = *in.kind;
  if (in.parent_id) u.parent_id = *in.parent_id;
  if (in.division_code) u.division_code = *in.division_code;
  if (in.party_secretary) u.party_secretary = *in.party_secretary;
  if (in.government_head) u.government_head = *in.government_head;
  if (in.contacts) u.contacts = *in.contacts;
}

// The unit to change: it must exist, lie in the actor's scope and still be
// at the version the caller saw.
Result<std::optional<Unit>> load_for_change(store::Tx& tx, const Actor& a, int64_t id, int64_t version) {
  LT_ASSIGN(auto cur, store::units::get(tx, id));
  if (!cur || !a.sees_path(cur->path)) return Error::make("not_found");
  if (cur->version != version)
    return Error::make("stale_version", {{"version", std::to_string(cur->version)}});
  return cur;
}

Status duplicate_name_error(const Error& e) {
  if (e.kind == ErrorKind::conflict) return Error::make("unit_name_taken");
  return e;
}

}  // namespace

Result<store::PageOf<Unit>> OrgService::list(const Actor& a, store::units::Filter f,
                                             const store::Page& page) {
  if (!a.can("units.read")) return Error::make("not_permitted", {{"permission", "units.read"}});
  f.scope_path = a.scope_path();
  store::PageOf<Unit> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::units::list(tx, f, page));
    return {};
  }));
  return out;
}

Result<std::vector<UnitNode>> OrgService::tree(const Actor& a, bool include_disabled) {
  if (!a.can("units.read")) return Error::make("not_permitted", {{"permission", "units.read"}});
  std::vector<Unit> all;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(all, store::units::all(tx, a.scope_path(), include_disabled));
    return {};
  }));
  // Rows come ordered by path, so every parent precedes its children. Build
  // child lists by id, then assemble recursively.
  std::map<int64_t, std::vector<size_t>> children;
  std::vector<size_t> roots;
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < all.size(); ++i) index[all[i].id] = i;
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& u = all[i];
    if (u.parent_id && index.count(*u.parent_id))
      children[*u.parent_id].push_back(i);
    else
      roots.push_back(i);
  }
  std::function<UnitNode(size_t)> build = [&](size_t i) {
    UnitNode n{all[i], {}};
    for (size_t c : children[all[i].id]) n.children.push_back(build(c));
    return n;
  };
  std::vector<UnitNode> out;
  for (size_t r : roots) out.push_back(build(r));
  return out;
}

Result<Unit> OrgService::get(const Actor& a, int64_t id) {
  if (!a.can("units.read")) return Error::make("not_permitted", {{"permission", "units.read"}});
  std::optional<Unit> u;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(u, store::units::get(tx, id));
    return {};
  }));
  if (!u || !a.sees_path(u->path)) return Error::make("not_found");
  return *u;
}

Result<Unit> OrgService::create(const Actor& a, const UnitInput& in) {
  if (!a.can("units.write")) return Error::make("not_permitted", {{"permission", "units.write"}});
  std::vector<FieldError> missing;
  if (!in.name) missing.push_back({"name", issue("required")});
  if (!in.kind) missing.push_back({"kind", issue("required")});
  if (!missing.empty()) return Error::validation(std::move(missing));
  Unit u;
  apply(u, in);
  std::string now = format_utc(clock_.now());
  Unit created;
  Status st = db_.write([&](store::Tx& tx) -> Status {
    std::optional<Unit> parent;
    if (u.parent_id) {
      LT_ASSIGN(parent, store::units::get(tx, *u.parent_id));
      if (!parent || !a.sees_path(parent->path)) return Error::field("parent_id", "no_such_unit", {});
    } else if (a.grant.scope != Scope::all) {
      return Error::make("district_only");
    }
    LT_TRY(validate(u, parent));
    auto ins = store::units::insert(tx, u, now);
    if (!ins.ok()) return duplicate_name_error(ins.error());
    created = std::move(ins).value();
    if (parent) created.parent_name = parent->name;
    LT_TRY(
        record_audit(tx, a, "create", "unit", std::to_string(created.id), nullptr, unit_view(created), now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return created;
}

Result<Unit> OrgService::update(const Actor& a, int64_t id, const UnitInput& in) {
  if (!a.can("units.write")) return Error::make("not_permitted", {{"permission", "units.write"}});
  std::string now = format_utc(clock_.now());
  Unit updated;
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_for_change(tx, a, id, in.version));
    Unit u = *cur;
    apply(u, in);
    std::optional<Unit> parent;
    const bool moving = u.parent_id != cur->parent_id;
    if (u.parent_id) {
      LT_ASSIGN(parent, store::units::get(tx, *u.parent_id));
      // A scoped user's own unit sits under a parent they cannot see; only a
      // move needs the new parent to be inside their scope.
      if (!parent || (moving && !a.sees_path(parent->path)))
        return Error::field("parent_id", "no_such_unit", {});
    } else if (cur->parent_id && a.grant.scope != Scope::all) {
      return Error::make("district_only");
    }
    // A scoped user may neither move their own scope root (it would escape
    // them) nor change its kind (their unit would become, say, a campaign
    // office: a kind reserved to district-wide roles' decision). Units below
    // the root can only take kinds allowed under their parents (validate).
    const bool own_root = a.grant.scope != Scope::all && cur->path == a.unit_path;
    if (own_root && (moving || u.kind != cur->kind)) return Error::make("own_unit");
    LT_TRY(validate(u, parent));
    // A new kind must still be a valid parent for every sub-unit.
    if (u.kind != cur->kind) {
      LT_ASSIGN(auto kids, tx.query("SELECT DISTINCT kind FROM units WHERE parent_id = $1", {id}));
      for (auto& r : kids.rows) {
        std::string child = r.str(0);
        if (!kind_allows_parent(child, u.kind))
          return Error::field("kind", "wrong_parent_kind", {{"kind", child}, {"parent_kind", u.kind}});
      }
    }
    // A save that changes nothing must not bump the version (it would give
    // other editors a needless 409) nor add an audit entry.
    if (unit_view(u) == unit_view(*cur)) {
      updated = *cur;
      return {};
    }
    auto ok = store::units::update(tx, u, now);
    if (!ok.ok()) return duplicate_name_error(ok.error());
    if (!*ok) return Error::make("conflict");
    LT_ASSIGN(auto fresh, store::units::get(tx, id));
    updated = *fresh;
    LT_TRY(
        record_audit(tx, a, "update", "unit", std::to_string(id), unit_view(*cur), unit_view(updated), now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return updated;
}

Result<Unit> OrgService::set_disabled(const Actor& a, int64_t id, int64_t version, bool disabled) {
  if (!a.can("units.write")) return Error::make("not_permitted", {{"permission", "units.write"}});
  std::string now = format_utc(clock_.now());
  Unit updated;
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_for_change(tx, a, id, version));
    if (disabled && a.grant.scope != Scope::all && cur->path == a.unit_path) return Error::make("own_unit");
    if (disabled) {
      // Disabling a unit with active sub-units or users would orphan them.
      LT_ASSIGN(auto kids,
                tx.query_one("SELECT COUNT(*) FROM units WHERE parent_id = $1 AND disabled = 0", {id}));
      if (kids->i64(0) > 0) return Error::make("unit_has_units");
      LT_ASSIGN(auto people,
                tx.query_one("SELECT COUNT(*) FROM users WHERE unit_id = $1 AND disabled = 0", {id}));
      if (people->i64(0) > 0) return Error::make("unit_has_users");
    }
    Unit u = *cur;
    u.disabled = disabled;
    LT_ASSIGN(bool ok, store::units::update(tx, u, now));
    if (!ok) return Error::make("conflict");
    LT_ASSIGN(auto fresh, store::units::get(tx, id));
    updated = *fresh;
    LT_TRY(record_audit(tx, a, disabled ? "disable" : "enable", "unit", std::to_string(id), unit_view(*cur),
                        unit_view(updated), now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return updated;
}

}  // namespace lantian::app
