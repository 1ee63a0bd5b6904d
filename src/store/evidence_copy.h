// Carries evidence contents from one store to another (store/evidence_store.h):
// for `lantian db copy` (files <-> database, or folder to folder), and for
// backup and restore, which keep the files of a file store beside the backup.
//
// Which contents: every name the evidence table of `index` records
// (contents and thumbnails, store::evidence::all_names). A content already
// in the target is left alone; each one copied is checked by the target's
// put() (its bytes must hash to its name).
//
// Thread-safety: runs on the caller's thread; stores and database are
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::store {

struct EvidenceCopyReport {
  int64_t names = 0;                 // recorded by the index
  int64_t copied = 0;                // written to the target
  int64_t present = 0;               // already there
  int64_t bytes = 0;                 // copied
  std::vector<std::string> missing;  // in neither store (the first 20)
  int64_t missing_count = 0;
  bool ok() const { return missing_count == 0; }
};

// Errors: what the stores or the database returned (a content that hashes
// wrongly is an internal error); a content absent from `from` is not an
// error but counted in missing.
Result<EvidenceCopyReport> copy_evidence(Database& index, EvidenceStore& from, EvidenceStore& to);

}  // namespace lantian::store
