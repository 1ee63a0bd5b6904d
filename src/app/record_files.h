// Filing a photo or document on a record that is not a task (a ledger row,
// an inspection; problems next): the upload checked (app/uploads.h), its
// content analysed and stored (app/evidence_service.h) before the row that
// names it (record_files) is committed, the permission checked before the
// content is stored and again in that transaction, and the filing audited.
//
// Errors: as check_upload(); file_type; too_many_files (`max_files` per
// record); whatever `may_file` returns.
//
// Thread-safety: stateless; thread-safe as the database and store are.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/uploads.h"
#include "core/clock.h"
#include "core/record_file.h"
#include "store/db.h"

namespace lantian::app {

struct RecordFileTarget {
  std::string_view record_kind;  // "ledger_row", "inspection"
  int64_t record_id = 0;
  int64_t max_files = 200;
  // The kind recorded: "" = the evidence kind of the content (photo or
  // document); else this one ("signature"), which must be a photo.
  std::string kind;
};

Result<RecordFile> file_on_record(store::Database& db, EvidenceService& evidence, const Clock& clock,
                                  const Actor& a, const RecordFileTarget& target,
                                  const AttachmentUpload& file,
                                  const std::function<Status(store::Tx&)>& may_file);

// The kind of record file `file_id` is on (a RecordFileTarget's
// record_kind), for a caller to ask the service of that kind to read it.
// Errors: not_found.
Result<std::string> record_file_kind(store::Database& db, int64_t file_id);

// A record's file with its bytes, or its thumbnail's. Errors: not_found for
// a file of another kind of record; evidence_missing; no_thumbnail; whatever
// `may_read` returns for the record.
Result<std::pair<RecordFile, std::string>> read_record_file(
    store::Database& db, EvidenceService& evidence, std::string_view record_kind, int64_t file_id,
    bool thumbnail, const std::function<Status(store::Tx&, int64_t)>& may_read);

}  // namespace lantian::app
