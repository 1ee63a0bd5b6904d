// All SQL for the evidence table (what each stored content is; the contents
// themselves are in store/evidence_store.h) and for the attachment_data rows
// of migration 0004 that still wait to be moved into the store.
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/evidence.h"
#include "store/db.h"

namespace lantian::store::evidence {

// Records a content; a content already recorded keeps its first record
// (the same bytes give the same analysis).
Status insert(Tx& tx, const EvidenceRecord& r, const std::string& now);
Result<std::optional<EvidenceRecord>> get(Tx& tx, const std::string& sha256);
// Every name the store must hold for this database: contents and their
// thumbnails, sorted, without duplicates.
Result<std::vector<std::string>> all_names(Tx& tx);
// True when no evidence row names sha256, as a content or a thumbnail.
Result<bool> unnamed(Tx& tx, const std::string& sha256);

// For joins (alias "e"): the select list of every column of the evidence
// table, "e.sha256, e.size_bytes, ...", in its description's order, and the
// reader of those columns, by name, when the list starts at column `first`
// of the row (nullopt when the LEFT JOIN found no record).
std::string joined_columns();
std::optional<EvidenceRecord> from_row(Row& r, size_t first);

// --- attachment_data (migration 0004): base64 bytes in the database ------------

struct LegacyFile {
  int64_t attachment_id = 0;
  std::string sha256;  // as recorded at upload
  std::string data_base64;
};
// The first `limit` rows left, by attachment id.
Result<std::vector<LegacyFile>> legacy_batch(Tx& tx, int64_t limit);
Result<int64_t> legacy_count(Tx& tx);
// Sets the attachment's name (and type) to its content's and drops its
// attachment_data row.
Status finish_legacy(Tx& tx, int64_t attachment_id, const std::string& sha256,
                     const std::string& content_type);

}  // namespace lantian::store::evidence
