#include "app/relocation_guard.h"

#include <algorithm>

#include "app/audit.h"
#include "app/enterprise_views.h"
#include "store/banned_enterprises_repo.h"
#include "store/enterprises_repo.h"
#include "store/relocation_alerts_repo.h"

namespace lantian::app {

void RelocationIndex::add(Entry e) {
  size_t at = items_.size();
  RelocationKeys k = relocation_keys(e.identity);
  if (!k.credit_code.empty()) by_code_[k.credit_code].push_back(at);
  if (!k.legal_rep.empty()) by_rep_[k.legal_rep].push_back(at);
  if (!k.phone.empty()) by_phone_[k.phone].push_back(at);
  for (char32_t c : k.name_chars) by_char_[c].push_back(at);
  if (k.name_chars.empty()) nameless_.push_back(at);
  items_.push_back({std::move(e), std::move(k)});
}

std::vector<const RelocationIndex::Entry*> RelocationIndex::candidates(
    const EnterpriseIdentity& probe) const {
  RelocationKeys k = relocation_keys(probe);
  std::vector<size_t> hits;
  auto take = [&](const auto& map, const auto& key) {
    if (auto it = map.find(key); it != map.end())
      hits.insert(hits.end(), it->second.begin(), it->second.end());
  };
  if (!k.credit_code.empty()) take(by_code_, k.credit_code);
  if (!k.legal_rep.empty()) take(by_rep_, k.legal_rep);
  if (!k.phone.empty()) take(by_phone_, k.phone);
  // A name's characters hold its trade name's: an entry sharing none of the
  // probe's trade-name characters cannot match on the name (may_share_trade_name).
  if (k.trade_chars.empty())
    hits.insert(hits.end(), nameless_.begin(), nameless_.end());
  else
    for (char32_t c : k.trade_chars) take(by_char_, c);
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  std::vector<const Entry*> out;
  out.reserve(hits.size());
  for (size_t i : hits) out.push_back(&items_[i].entry);
  return out;
}

Result<RelocationIndex> banned_index(store::Tx& tx) {
  LT_ASSIGN(auto all, store::banned_enterprises::all(tx));
  RelocationIndex index;
  for (auto& b : all) index.add({b.id, b.identity(), b.enterprise_id});
  return index;
}

Result<RelocationIndex> enterprise_index(store::Tx& tx) {
  LT_ASSIGN(auto all, store::enterprises::identities(tx));
  RelocationIndex index;
  for (auto& e : all) index.add({e.id, std::move(e.identity), e.id});
  return index;
}

std::vector<Suspect> suspects_for_enterprise(const RelocationIndex& banned, const Enterprise& e) {
  std::vector<Suspect> out;
  EnterpriseIdentity probe = e.identity();
  for (const auto* b : banned.candidates(probe)) {
    if (b->enterprise_id == e.id) continue;  // we banned this one ourselves
    RelocationMatch m = match_relocation(b->identity, probe);
    if (m.suspected) out.push_back({b->id, e.id, probe, std::move(m)});
  }
  return out;
}

std::vector<Suspect> suspects_for_banned(const RelocationIndex& enterprises, const BannedEnterprise& b) {
  std::vector<Suspect> out;
  EnterpriseIdentity banned = b.identity();
  for (const auto* e : enterprises.candidates(banned)) {
    if (b.enterprise_id == e->id) continue;
    RelocationMatch m = match_relocation(banned, e->identity);
    if (m.suspected) out.push_back({b.id, e->id, e->identity, std::move(m)});
  }
  return out;
}

Result<std::vector<RelocationAlert>> raise_alerts(store::Tx& tx, const Actor& a,
                                                  const std::vector<Suspect>& s, const std::string& now) {
  std::vector<RelocationAlert> out;
  for (const auto& sus : s) {
    RelocationAlert alert;
    alert.enterprise_id = sus.enterprise_id;
    alert.candidate = sus.candidate;
    alert.banned_enterprise_id = sus.banned_enterprise_id;
    alert.score = sus.match.score;
    alert.reasons = sus.match.reasons;
    LT_ASSIGN(auto raised, store::relocation_alerts::insert(tx, alert, now));
    if (!raised) continue;  // raised before
    LT_ASSIGN(auto full, store::relocation_alerts::get(tx, raised->id));
    LT_TRY(record_audit(tx, a, "raise", "relocation_alert", std::to_string(full->id), nullptr,
                        relocation_alert_view(*full), now));
    out.push_back(std::move(*full));
  }
  return out;
}

}  // namespace lantian::app
