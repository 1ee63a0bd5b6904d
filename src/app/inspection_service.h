// InspectionService: field inspections (检查) — an inspector applies a
// checklist (core/checklist.h) to a ledger row or an enterprise on site:
// when and where, whom they met (with that person's signature as a photo),
// each item's result with a note and photos, and for a failed item whether a
// supervision problem should follow (stored now; the problem loop opens it).
//
// A phone on a poor connection resubmits: an inspection carries the phone's
// client_key, and a second submission with the same key answers the record
// the first one made instead of making another. Photos are filed one by one
// afterwards (each retried by the phone).
//
// Permissions: inspections.write to inspect (any target the inspector can
// see); reading as the target's unit sees it (district-wide roles: all).
//
// Errors: not_permitted; checklist_not_found; inspection_not_found;
// invalid with field errors: target (exactly one of ledger_row_id and
// enterprise_id, which exists and is visible), checklist (not_for_target),
// items[code] (every item once, result pass|fail|not_applicable, a note for a
// failed item), inspected_at (not in the future), location.
//
// Thread-safety: thread-safe (the database is; the service keeps no state).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/uploads.h"
#include "core/checklist.h"
#include "core/clock.h"
#include "core/geo.h"
#include "core/inspection.h"
#include "core/record_file.h"
#include "store/db.h"
#include "store/inspections_repo.h"
#include "store/paging.h"

namespace lantian::app {

inline constexpr std::string_view kInspectionRecord = "inspection";

struct InspectionInput {
  std::string checklist;
  std::optional<int64_t> ledger_row_id, enterprise_id;
  std::optional<std::string> inspected_at;  // RFC 3339; default now
  std::optional<LngLat> location;
  Datum datum = Datum::wgs84;
  std::string person_met, note;
  std::optional<std::string> client_key;
  std::vector<InspectionItem> items;
};

struct InspectionDetail {
  Inspection inspection;
  std::vector<RecordFile> files;
  bool created = true;  // false: an earlier submission with the same client_key
};

class ProblemService;

class InspectionService {
 public:
  InspectionService(store::Database& db, const Clock& clock, EvidenceService& evidence)
      : db_(db), clock_(clock), evidence_(evidence) {}

  // The checklists, those for one target kind when given ("enterprise" or a ledger type).
  Result<std::vector<const Checklist*>> checklists(const Actor& a, std::string_view target) const;
  Result<InspectionDetail> create(const Actor& a, const InspectionInput& in);
  Result<InspectionDetail> get(const Actor& a, int64_t id);
  Result<store::PageOf<Inspection>> list(const Actor& a, store::inspections::Filter f,
                                         const store::Page& page);
  // A photo ("photo") or the signature of the person met ("signature"), by
  // the inspector who made the record.
  // The located inspections the reader sees (as list()) with one of
  // `results` ("pass", "fail"; empty = any), newest first, at most `limit`
  // (app/map_layers.h). Errors: not_permitted.
  Result<std::vector<store::Located>> map_points(const Actor& a, const std::vector<std::string>& results,
                                                 size_t limit);
  Result<RecordFile> attach(const Actor& a, int64_t id, const AttachmentUpload& file, bool signature);
  // Where failed items asking for a supervision problem open one (source
  // "inspection", registered, linked both ways: inspection_items.problem_id
  // and the problem's inspection_id), in the inspection's transaction. Set
  // once at start; without it the request is only stored.
  void set_problems(ProblemService* problems) { problems_ = problems; }
  // What else filing an inspection does in its transaction (settling a spot
  // check during an alert, app/spot_check_service.h); its error undoes it.
  using FiledHook = std::function<Status(store::Tx&, const Inspection&, const std::string& now)>;
  void set_filed(FiledHook hook) { filed_ = std::move(hook); }
  Result<std::pair<RecordFile, std::string>> file(const Actor& a, int64_t file_id, bool thumbnail);

 private:
  Status open_problems(store::Tx& tx, const Actor& a, const Checklist& list,
                       const store::inspections::Target& target, const Inspection& i);
  Result<Inspection> load_visible(store::Tx& tx, const Actor& a, int64_t id) const;

  store::Database& db_;
  const Clock& clock_;
  EvidenceService& evidence_;
  ProblemService* problems_ = nullptr;
  FiledHook filed_;
};

}  // namespace lantian::app
