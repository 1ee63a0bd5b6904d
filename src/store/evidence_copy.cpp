#include "store/evidence_copy.h"

#include "store/evidence_repo.h"

namespace lantian::store {

Result<EvidenceCopyReport> copy_evidence(Database& index, EvidenceStore& from, EvidenceStore& to) {
  std::vector<std::string> names;
  LT_TRY(index.read([&](Tx& tx) -> Status {
    LT_ASSIGN(names, evidence::all_names(tx));
    return {};
  }));
  EvidenceCopyReport rep;
  rep.names = int64_t(names.size());
  for (const auto& name : names) {
    LT_ASSIGN(bool there, to.contains(name));
    if (there) {
      rep.present++;
      continue;
    }
    LT_ASSIGN(auto bytes, from.get(name));
    if (!bytes) {
      if (rep.missing.size() < 20) rep.missing.push_back(name);
      rep.missing_count++;
      continue;
    }
    LT_TRY(to.put(name, *bytes));
    rep.copied++;
    rep.bytes += int64_t(bytes->size());
  }
  return rep;
}

}  // namespace lantian::store
