// The enterprise registry's records (一企一档, issue 11) as the application
// holds them: a registered enterprise, a banned one (关停取缔, ours or reported
// by another district) and a suspected relocation (a registered enterprise
// or a named identity that looks like a banned one, core/relocation.h).
// Their rules (statuses, the industry code, the fields) are in
// core/enterprises.h.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/relocation.h"

namespace lantian {

struct Enterprise {
  int64_t id = 0;
  std::string name;
  std::string credit_code;  // GB 32100, normalised; "" = none (NULL)
  std::string legal_rep, phone, address;
  std::optional<LngLat> location;  // WGS-84
  std::string industry_code;       // GB/T 4754, "" = not given
  int64_t unit_id = 0;             // the township / street office (or below) it belongs to
  std::string unit_path;           // copied from the unit: "/1/13/"
  std::string unit_name;           // filled by queries
  std::string grid;
  std::string status;  // core/enterprises.h enterprise_statuses()
  int64_t version = 1;
  std::optional<int64_t> created_by;
  std::string created_at, updated_at;

  EnterpriseIdentity identity() const { return {name, legal_rep, phone, credit_code, address}; }
};

struct BannedEnterprise {
  int64_t id = 0;
  std::string name;
  std::string credit_code;  // normalised; "" = none (NULL)
  std::string legal_rep, phone, address;
  std::string origin;     // 原属区域: where it was banned (a district or unit, as text)
  std::string banned_on;  // ISO date; "" = not known (NULL)
  std::string reason;
  std::string source;                    // "ours" | "imported"
  std::optional<int64_t> enterprise_id;  // ours: the registered enterprise it was
  std::optional<int64_t> created_by;
  std::string created_at;

  EnterpriseIdentity identity() const { return {name, legal_rep, phone, credit_code, address}; }
};

struct RelocationAlert {
  int64_t id = 0;
  std::optional<int64_t> enterprise_id;  // nullopt: an identity named elsewhere
  std::string enterprise_name;           // filled by queries ("" without an enterprise)
  std::string enterprise_unit_path;      // filled by queries: for the reader's scope
  EnterpriseIdentity candidate;          // as it was matched (evidence)
  int64_t banned_enterprise_id = 0;
  std::string banned_name, banned_origin;  // filled by queries
  // Filled by queries: the banned enterprise's identity, ban date and reason
  // as listed now, to be read beside the candidate's.
  EnterpriseIdentity banned;
  std::string banned_on, banned_reason;
  double score = 0;
  std::vector<std::string> reasons;  // RelocationMatch::reasons
  std::string status;                // "open" | "confirmed" | "dismissed"
  std::optional<int64_t> resolved_by;
  std::string resolved_by_name;  // filled by queries
  std::string resolved_at, note, created_at;
};

}  // namespace lantian
