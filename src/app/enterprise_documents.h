// The enterprise's documents (一企一档): permits, EIA approvals, rectification
// plans, site photos filed on a registered enterprise, listed in its file
// (EnterpriseService::get) and downloaded through /api/v1/record-files.
//
// Who: enterprises.write over the enterprise's unit files; enterprises.read
// over it reads. Filing is audited (app/record_files.h).
//
// Errors: not_permitted; enterprise_not_found (also outside the reader's
// scope); as file_on_record() and read_record_file().
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <string>
#include <utility>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/uploads.h"
#include "core/clock.h"
#include "core/record_file.h"
#include "store/db.h"

namespace lantian::app {

// The record kind of an enterprise's files in record_files.
inline constexpr std::string_view kEnterpriseRecord = "enterprise";
inline constexpr int64_t kMaxFilesPerEnterprise = 200;

class EnterpriseDocumentService {
 public:
  EnterpriseDocumentService(store::Database& db, const Clock& clock, EvidenceService& evidence)
      : db_(db), clock_(clock), evidence_(evidence) {}

  Result<RecordFile> attach(const Actor& a, int64_t enterprise_id, const AttachmentUpload& file);
  // The file with its bytes, or its thumbnail's.
  Result<std::pair<RecordFile, std::string>> file(const Actor& a, int64_t file_id, bool thumbnail);

 private:
  store::Database& db_;
  const Clock& clock_;
  EvidenceService& evidence_;
};

}  // namespace lantian::app
