// LedgerService: the rows of the work areas' ledgers (台账) — registering and
// editing them, listing them as their type declares, moving them through
// their type's workflow with the fields and evidence each move asks for,
// their files and history; and the tasks whose quantity a ledger counts.
//
// Ledger types and their workflows are data (core/ledgers.h,
// core/workflows.h); every value goes through core/ledger_values.h, so the
// API, the web form and imports accept the same values.
//
// Who is a party to a row (core/workflow.h Party):
//   owner     ledgers.write and the row's unit at or below the actor's unit
//   lead      ledgers.verify and the lead unit (牵头单位) of the type's work
//             area in the latest campaign that has one, in the actor's subtree
//   office    the campaign office (campaigns.write, whole district)
//   verifier  ledgers.verify with the whole district in scope
//   inspector inspections.write
// Reading needs ledgers.read and the row's unit in scope; registering and
// editing need ledgers.write and the unit in scope (or the office); a row in
// a frozen state is not edited.
//
// A task linked to a ledger count (link_task) is owned by a unit; its
// achieved quantity is what its count adds up over the type's rows under
// that unit. Every move or edit of a row that changes a linked task's count
// files a progress report on the task in the same transaction, its narrative
// naming the rows; the task tree rolls up from it (TaskService).
//
// Errors (codes in core/error_codes.cpp): not_permitted, ledger_type_not_found,
// ledger_row_not_found, not_in_scope, invalid field errors by field name
// ("fields.<name>", "unit_id", "location", ...), stale_version, frozen,
// the workflow's refusals (app/workflow_records.h), evidence_not_of_record,
// file_too_large, file_type, too_many_files.
//
// Thread-safety: thread-safe (the database is; the service keeps no state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/location_input.h"
#include "app/uploads.h"
#include "core/clock.h"
#include "core/geo.h"
#include "core/ledger_row.h"
#include "core/ledger_type.h"
#include "core/ledger_values.h"
#include "core/record_file.h"
#include "store/db.h"
#include "store/located.h"
#include "store/paging.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

class TaskService;

// The record kind of ledger rows in workflow_events, record_files and the
// audit log: a row keeps its history when its type changes workflow.
inline constexpr std::string_view kLedgerRowRecord = "ledger_row";

// A new row, or the parts of a row an edit changes (unset = unchanged).
struct LedgerRowInput {
  std::optional<int64_t> unit_id;
  std::optional<std::optional<int64_t>> enterprise_id;   // {nullopt} unlinks
  std::optional<std::optional<LocationInput>> location;  // {nullopt} clears
  std::vector<std::pair<std::string, RawValue>> fields;  // declared fields only
};

struct LedgerRowItem {
  LedgerRow row;
  std::vector<std::string> actions;  // workflow actions the reader may take now, then "edit"
};

struct LedgerRowDetail {
  LedgerRow row;
  std::vector<std::string> actions;
  std::vector<RecordFile> files;
};

struct LedgerActionInput {
  std::string action;
  int64_t version = 0;
  std::string note;
  std::vector<std::pair<std::string, RawValue>> fields;  // set with the move
  std::vector<int64_t> files;                            // files of the row filed with the move
};

struct LedgerListQuery {
  std::string ledger_type;
  std::optional<int64_t> unit_id;  // rows of this unit and below (in the reader's scope)
  std::vector<std::string> statuses;
  std::optional<int64_t> enterprise_id;
  // filter field = value as text; a date field also takes a range of days,
  // "2017-10-01..2017-10-31", either side open ("2017-10-01..").
  std::vector<std::pair<std::string, std::string>> fields;
};

struct TaskLedgerCount {
  int64_t task_id = 0;
  std::string ledger_type;
  int count_index = 0;
  double counted = 0;  // what the count adds up to now
};

class LedgerService {
 public:
  LedgerService(store::Database& db, const Clock& clock, EvidenceService& evidence, TaskService& tasks)
      : db_(db), clock_(clock), evidence_(evidence), tasks_(tasks) {}

  // The type by name for a reader. Errors: not_permitted, ledger_type_not_found.
  Result<const LedgerType*> type(const Actor& a, std::string_view name) const;
  // The installed types, for a reader (ledgers.read), and whether it may read
  // the map. Errors: not_permitted.
  Result<std::vector<const LedgerType*>> types(const Actor& a) const;
  // Whether the reader may register rows (for the list page's button).
  bool may_register(const Actor& a) const { return a.can("ledgers.write"); }

  // A page of rows, newest first. Filter values are checked against the
  // type's filters (query_unknown_value, query_not_filterable).
  Result<store::PageOf<LedgerRowItem>> list(const Actor& a, const LedgerListQuery& q,
                                            const store::Page& page);
  Result<LedgerRowDetail> get(const Actor& a, int64_t id);
  // Every row of `t` (from type()) the reader sees, in one of `statuses`
  // (empty = any), under `unit_id` when given (in the reader's sight) — as
  // list() walks them, newest first, read in one transaction; for answers
  // computed over a whole ledger (app/reduction_service.h). `whole_district`:
  // the rows are those of the district's root unit and below. Errors: as
  // list(), not_in_scope.
  struct RowsInScope {
    std::vector<LedgerRow> rows;
    bool whole_district = false;
  };
  Result<RowsInScope> rows_in_scope(const Actor& a, const LedgerType& t, std::optional<int64_t> unit_id,
                                    const std::vector<std::string>& statuses);
  // The located rows of each type in `layers` the reader sees (as list()),
  // newest first, at most `limit` in all; `truncated` when more were left
  // out. Errors: as type(); query_unknown_value for a status no layer has.
  // The located rows of type `t` (from type()) the reader sees in its list
  // scope, in one of `statuses` (states of the type's workflow; empty = any),
  // newest first, at most `limit` (app/map_layers.h).
  Result<std::vector<store::Located>> map_points(const Actor& a, const LedgerType& t,
                                                 const std::vector<std::string>& statuses, size_t limit);
  Result<LedgerRowDetail> create(const Actor& a, std::string_view ledger_type, const LedgerRowInput& in);
  Result<LedgerRowDetail> update(const Actor& a, int64_t id, int64_t version, const LedgerRowInput& in);
  Result<LedgerRowDetail> act(const Actor& a, int64_t id, const LedgerActionInput& in);
  Result<std::vector<store::workflow_events::Event>> events(const Actor& a, int64_t id);

  // Files a photo or document on the row (any party that may act on it or
  // edit it), to be named by a move. Errors: as check_upload(),
  // too_many_files (200 per row).
  Result<RecordFile> attach(const Actor& a, int64_t row_id, const AttachmentUpload& file);
  // A file of a row with its bytes (or its thumbnail's).
  Result<std::pair<RecordFile, std::string>> file(const Actor& a, int64_t file_id, bool thumbnail);

  // Links a task to a ledger count (campaign office or who may edit the
  // task): its achieved quantity is then counted, at once and on every
  // change. Errors: task_not_found, ledger_type_not_found; invalid on
  // count_index (one_of), or on ledger_type no_quantity_target (the task has
  // no target) or quantity_from_children (the task has subtasks).
  Result<TaskLedgerCount> link_task(const Actor& a, int64_t task_id, std::string_view ledger_type,
                                    int count_index);
  Status unlink_task(const Actor& a, int64_t task_id);
  // The task's link and count, nullopt when it has none.
  Result<std::optional<TaskLedgerCount>> task_count(const Actor& a, int64_t task_id);

  // In a caller's transaction (imports): files progress reports on the
  // tasks counting `changed` rows' units of `type`.
  struct Changed {
    int64_t row_id = 0;
    std::string title;
    std::string unit_path;
  };
  Status recount(store::Tx& tx, const Actor& a, const LedgerType& type, const std::vector<Changed>& changed,
                 const std::string& now);

  // The parties the actor holds on a row (public for tests and the lists).
  unsigned parties_of(const Actor& a, const LedgerRow& r, const std::string& lead_path) const;

 private:
  Result<const LedgerType*> type_for_write(const Actor& a, std::string_view name) const;
  Result<std::string> lead_path(store::Tx& tx, const LedgerType& t) const;
  // The unit whose scope rows a list of `t` walks: `unit_id` when given (in
  // the reader's sight), else the reader's unit, or the district for readers
  // who see the whole type (district-wide roles, the lead unit); 0 when the
  // tree is empty. Errors: not_in_scope.
  Result<int64_t> list_scope(store::Tx& tx, const Actor& a, const LedgerType& t, const std::string& lead,
                             std::optional<int64_t> unit_id) const;
  std::vector<std::string> actions_for(const Actor& a, const LedgerType& t, const LedgerRow& r,
                                       const std::string& lead_path) const;
  Result<LedgerRow> load_visible(store::Tx& tx, const Actor& a, int64_t id) const;
  Result<LedgerRowDetail> detail_in(store::Tx& tx, const Actor& a, int64_t id) const;
  // Applies `in` to `r` (unit, enterprise, location, fields), checking every
  // value; `creating` asks for every required field.
  Status apply_input(store::Tx& tx, const Actor& a, const LedgerType& t, const LedgerRowInput& in,
                     bool creating, LedgerRow& r) const;

  store::Database& db_;
  const Clock& clock_;
  EvidenceService& evidence_;
  TaskService& tasks_;
};

}  // namespace lantian::app
