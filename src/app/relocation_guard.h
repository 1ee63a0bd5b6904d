// The relocation guard at work (杜绝外区域已取缔的企业搬迁至我区): when an
// enterprise is registered or its identity changes, it is matched against
// every banned enterprise; when a banned enterprise is added or imported, it
// is matched against every registered one. Each suspected pair
// (core/relocation.h match_relocation) becomes a relocation alert with its
// score and reasons, in the caller's transaction, and is audited; a pair
// raises once, whatever became of its alert (a dismissed pair stays
// dismissed).
//
// Bound: each check loads the other side whole (banned_enterprises::all,
// enterprises::identities) once per request and indexes it by the matcher's
// prefilter keys (relocation_keys): exact credit code, legal representative
// and phone, and the characters of the names. Only the entries sharing a key
// with the probe reach match_relocation, and the prefilter drops no
// suspected pair (tests/core/relocation_test.cpp). Keys cost ~2.5 µs per
// name (10,000 in 25 ms, Relocation.KeysOfTenThousandNamesAreCheap), so a
// registry of tens of thousands costs tens of milliseconds per write; past
// ~100,000 keep the keys in a table instead of rebuilding them per request.
//
// Thread-safety: an index is a plain value for one request; the functions
// run on the caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/actor.h"
#include "core/enterprise.h"
#include "store/db.h"

namespace lantian::app {

// Identities to match a probe against, indexed by the prefilter's keys.
class RelocationIndex {
 public:
  struct Entry {
    int64_t id = 0;  // a banned enterprise's or a registered enterprise's
    EnterpriseIdentity identity;
    std::optional<int64_t> enterprise_id;  // a banned one of ours: the enterprise it was
  };
  void add(Entry e);
  // The entries that may match `probe`, in the order added.
  std::vector<const Entry*> candidates(const EnterpriseIdentity& probe) const;
  size_t size() const { return items_.size(); }

 private:
  struct Item {
    Entry entry;
    RelocationKeys keys;
  };
  std::vector<Item> items_;
  std::unordered_map<std::string, std::vector<size_t>> by_code_, by_rep_, by_phone_;
  std::unordered_map<char32_t, std::vector<size_t>> by_char_;
  std::vector<size_t> nameless_;  // names with nothing the matcher keeps
};

// Every banned enterprise, and every registered one.
Result<RelocationIndex> banned_index(store::Tx& tx);
Result<RelocationIndex> enterprise_index(store::Tx& tx);

// A suspected pair, not yet an alert.
struct Suspect {
  int64_t banned_enterprise_id = 0;
  std::optional<int64_t> enterprise_id;
  EnterpriseIdentity candidate;  // the registered enterprise (or named identity)
  RelocationMatch match;
};
// The banned entries of `index` that `e` looks like (its own banned entry,
// if we banned it, aside).
std::vector<Suspect> suspects_for_enterprise(const RelocationIndex& banned, const Enterprise& e);
// The registered enterprises of `index` that look like banned `b`.
std::vector<Suspect> suspects_for_banned(const RelocationIndex& enterprises, const BannedEnterprise& b);

// Inserts an alert for each suspect whose pair was not raised before and
// audits it; returns the alerts raised.
Result<std::vector<RelocationAlert>> raise_alerts(store::Tx& tx, const Actor& a,
                                                  const std::vector<Suspect>& s, const std::string& now);

}  // namespace lantian::app
