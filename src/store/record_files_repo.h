// All SQL for record_files (migration 0014): files filed on records other
// than tasks, each naming a content of the evidence store, which the caller
// has recorded (store/evidence_repo.h) in the same transaction.
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/record_file.h"
#include "store/db.h"

namespace lantian::store::record_files {

// Inserts f (id and created_at set); returns it as stored.
Result<RecordFile> insert(Tx& tx, RecordFile f, const std::string& now);
// The file with its content's record and uploader's name; nullopt if absent.
Result<std::optional<RecordFile>> get(Tx& tx, int64_t id);
// The record's files, oldest first.
Result<std::vector<RecordFile>> for_record(Tx& tx, const std::string& record_kind, int64_t record_id);
Result<int64_t> count_for_record(Tx& tx, const std::string& record_kind, int64_t record_id);
// Names the move (workflow_events id) the files were filed with.
Status set_event(Tx& tx, const std::vector<int64_t>& ids, int64_t event_id);

}  // namespace lantian::store::record_files
