// A file filed on a record that is not a task (a ledger row now; inspections
// and problems next): a content of the evidence store named by the record,
// with the evidence kind it satisfies (core/evidence.h) and the workflow move
// it was filed with, if any.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/evidence.h"

namespace lantian {

struct RecordFile {
  int64_t id = 0;
  std::string record_kind;  // "ledger_row"
  int64_t record_id = 0;
  std::string kind;  // kEvidencePhoto or kEvidenceDocument
  std::string filename;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;
  std::optional<int64_t> event_id;  // the move it was filed with; nullopt while waiting
  int64_t uploaded_by = 0;
  std::string uploader_name;  // filled by queries
  std::string created_at;
  std::optional<EvidenceRecord> evidence;  // filled by queries
};

}  // namespace lantian
