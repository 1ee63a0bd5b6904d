// Org units: list, tree, get, create, update, disable/enable, with the
// caller's permission and data scope enforced and every change audited in
// the same transaction.
//
// Errors: forbidden without units.read/units.write; not_found for a unit that
// does not exist or lies outside the caller's scope; invalid (with field
// errors) for bad input or a kind that may not sit under the parent; conflict
// for a stale version or a duplicate name under one parent.
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/clock.h"
#include "core/model.h"
#include "store/db.h"
#include "store/paging.h"
#include "store/units_repo.h"

namespace lantian::app {

struct UnitInput {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::optional<int64_t>> parent_id;  // set + nullopt = make root
  std::optional<std::string> division_code;
  std::optional<Person> party_secretary;
  std::optional<Person> government_head;
  std::optional<std::vector<Contact>> contacts;
  int64_t version = 0;  // required for updates
};

struct UnitNode {
  Unit unit;
  std::vector<UnitNode> children;
};

class OrgService {
 public:
  OrgService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<store::PageOf<Unit>> list(const Actor& a, store::units::Filter f, const store::Page& page);
  // The caller's visible forest: one root for subtree scope, all roots for all.
  Result<std::vector<UnitNode>> tree(const Actor& a, bool include_disabled);
  Result<Unit> get(const Actor& a, int64_t id);
  Result<Unit> create(const Actor& a, const UnitInput& in);
  Result<Unit> update(const Actor& a, int64_t id, const UnitInput& in);
  Result<Unit> set_disabled(const Actor& a, int64_t id, int64_t version, bool disabled);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace lantian::app
