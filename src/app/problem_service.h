// ProblemService: the supervision problem loop (督办) — registering a
// problem (numbered per source and year, with warnings about open problems
// it may duplicate), moving it through resources/workflows/problem.toml with
// what each move needs (responsibility and deadline on assignment, measures
// and photos on the report, a verifier, the on-site check, an extension, a
// merge), its files with the checks that make photo evidence trustworthy,
// the lists and the overdue board, and the server's own moves: the look-back
// falling due and the escalation ladder for lateness.
//
// Parties (core/problem.h problem_workflow_registry): office = holds
// problems.manage (the campaign office, admins); owner = holds
// problems.rectify and sees the responsible unit (the unit or one above
// it); verifier = the user the office named for this problem, who must hold
// problems.manage ("only the campaign office verifies and closes").
//
// Visibility: problems.read; district-wide readers see every problem, others
// the problems of their unit's subtree and those their unit cooperates on
// (problem_scopes). A public reporter's contact is shown to the office only.
//
// Errors: not_permitted; problem_not_found (also for a problem the reader
// cannot see); stale_version; the workflow's refusals (app/workflow_records.h);
// invalid with field errors: source, problem_type (unknown_value), title
// (required, length), enterprise_id / ledger_row_id (not found), location
// (out_of_range), unit_id, person_id, verifier_id (verifier_not_office),
// deadline (deadline_invalid: missing date, before today, days out of
// range), extension_until (not after the deadline), merged_into
// (merge_target_invalid: itself, newer, closed, merged), files
// (evidence_not_of_record, too_many, duplicate_entry).
//
// Thread-safety: thread-safe (the database is; the service keeps no state
// besides its collaborators).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/location_input.h"
#include "app/notification_service.h"
#include "app/uploads.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/problem.h"
#include "core/problem_rules.h"
#include "core/record_file.h"
#include "io/notice_document.h"
#include "store/db.h"
#include "store/paging.h"
#include "store/problems_repo.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

inline constexpr std::string_view kProblemRecord = "problem";

// What registration takes (and what an edit before assignment changes).
struct ProblemInput {
  std::string source, problem_type, title, description, standard;
  std::string disposition = "rectify";
  std::optional<int64_t> enterprise_id, ledger_row_id, inspection_id;
  std::string site, address;
  std::optional<LocationInput> location;
  std::string external_id;
  std::string reporter_name, reporter_phone, reporter_email;  // a public reporter
};

// Responsibility and deadline, given with "assign".
struct ProblemAssignment {
  std::optional<int64_t> unit_id, person_id;
  std::string person_name;  // when the person is not a user (or to override the user's name)
  std::optional<std::string> leader_party, leader_government;  // default: the unit's
  std::vector<int64_t> cooperating_unit_ids;
  std::optional<std::string> deadline_kind;  // "date" (default), "working_days", "immediate"
  std::string deadline;                      // YYYY-MM-DD for "date"
  int deadline_days = 0;                     // for "working_days"
  std::optional<std::string> standard;       // 整改标准, when the office sets it now
};

struct ProblemActionInput {
  std::string action;
  int64_t version = 0;
  std::string note;
  std::vector<int64_t> files;  // the problem's files not yet filed with a move
  ProblemAssignment assignment;
  std::string extension_until;  // request_extension: YYYY-MM-DD
  std::optional<int64_t> verifier_id;
  std::optional<LocationInput> location;  // pass_verification: where the verifier stands
  std::optional<int64_t> merged_into;
};

// An open problem a new one may duplicate.
struct DuplicateWarning {
  int64_t id = 0;
  std::string number, title, status;
  std::string reason;  // "same_enterprise" or "nearby"
  std::optional<double> distance_m;
};

struct ProblemFile {
  RecordFile file;
  PhotoFlags flags;  // photos only
};

struct ProblemDetail {
  Problem problem;
  std::vector<ProblemFile> files;
  std::vector<store::problems::Escalation> escalations;
  std::vector<DuplicateWarning> warnings;  // on registration
  std::optional<int64_t> rebound_id;       // the new problem a rebound opened
  std::vector<std::string> actions;        // what the reader may do now
  bool show_reporter = false;              // the reader may see the reporter's contact
  std::vector<std::pair<int64_t, std::string>> cooperating_units;  // id, name
  std::vector<std::string> documents;  // "notice" once assigned, "report" once reported
  int days_overdue = 0;
};

struct ProblemListQuery {
  std::vector<std::string> statuses;
  std::optional<int64_t> unit_id;  // responsible unit (subtree)
  std::string source, problem_type, text;
  std::optional<int64_t> enterprise_id, person_id, verifier_id, parent_id, created_by;
  bool overdue = false;
  std::string from, to;  // registered between, YYYY-MM-DD (Beijing), inclusive
  bool mine = false;     // assigned to me as person or verifier
};

// Registration's checks of `in` (as create() makes them), writing its
// values on p's registration fields (with site, address and location taken
// from the enterprise or ledger row named). Errors: invalid with the field
// errors create() gives.
Status check_problem_input(store::Tx& tx, const ProblemInput& in, Problem& p);

class ProblemService {
 public:
  using CalendarFn = std::function<std::shared_ptr<const WorkCalendar>()>;
  ProblemService(store::Database& db, const Clock& clock, EvidenceService& evidence,
                 const NotificationService* notifications, CalendarFn calendar)
      : db_(db),
        clock_(clock),
        evidence_(evidence),
        notifications_(notifications),
        calendar_(std::move(calendar)) {}

  // Registers a problem in the workflow's initial state (problems.register,
  // or the system for a public request). The detail's warnings name open
  // problems it may duplicate. `also` runs in the registering transaction
  // with the stored problem, for what a caller keeps beside it (an Open311
  // request's own fields, app/open311_service.h); its error undoes the whole.
  using CreatedHook = std::function<Status(store::Tx&, const Problem&)>;
  Result<ProblemDetail> create(const Actor& a, const ProblemInput& in, const CreatedHook& also = {});
  // create() inside the caller's write transaction (a field inspection
  // opening problems for its failed items, an import): the problem as
  // stored, its history ("create" with `note`) and audit written; the
  // caller's permission is its own affair.
  Result<Problem> register_in(store::Tx& tx, const Actor& a, const ProblemInput& in,
                              const std::string& note = "");
  // The warnings create() would give, without registering.
  Result<std::vector<DuplicateWarning>> duplicates(const Actor& a, const ProblemInput& in);
  Result<ProblemDetail> get(const Actor& a, int64_t id);
  // By number (禹攻坚督〔2017〕12号), as get().
  Result<ProblemDetail> get_by_number(const Actor& a, const std::string& number);
  Result<store::PageOf<Problem>> list(const Actor& a, const ProblemListQuery& q, const store::Page& page);
  Result<ProblemDetail> act(const Actor& a, int64_t id, const ProblemActionInput& in);

  // act() in the caller's transaction, for a use case that writes several
  // problems at once (an import, app/problem_sheets.h): the same checks,
  // history event, audit and notices; the problem as stored after the move,
  // *rebound_id set when the move opened one.
  Result<Problem> act_in(store::Tx& tx, const Actor& a, int64_t id, const ProblemActionInput& in,
                         std::optional<int64_t>* rebound_id = nullptr);
  Result<std::vector<store::workflow_events::Event>> events(const Actor& a, int64_t id);
  // Any party of the problem (and the office) may file.
  Result<RecordFile> attach(const Actor& a, int64_t id, const AttachmentUpload& file);
  Result<std::pair<RecordFile, std::string>> file(const Actor& a, int64_t file_id, bool thumbnail);
  // The overdue board: per responsible unit in the reader's scope, open and overdue counts.
  Result<std::vector<store::problems::UnitLateness>> lateness(const Actor& a);
  // Located problems for the map (statuses empty = any).
  Result<std::vector<store::Located>> map_points(const Actor& a, const std::vector<std::string>& statuses,
                                                 size_t limit);

  // The printable documents of a problem (app/problem_documents.cpp): the
  // supervision notice (督办单) once it is assigned, the rectification report
  // (整改报告) once the unit has reported, with the photos filed with the
  // report and the on-site check. Errors: as get(); conflict
  // problem_document_not_ready (document) before then.
  Result<io::NoticeDocument> document(const Actor& a, int64_t id, io::NoticeDocument::Kind kind);

  // The server's own moves (leader-only jobs): look-backs that fell due
  // today, and escalation steps reached by late problems (with their
  // notices). Each returns how many problems it moved or escalated; a rerun
  // the same day does nothing more.
  Result<int> run_lookbacks();
  Result<int> run_escalations();
  // The reminder before the deadline: open problems due today or on the
  // next working day (调休 calendar) — a notice to the unit's people, once
  // per deadline. Returns how many problems were reminded of.
  Result<int> run_due_reminders();

  // "Today" as the problem loop counts it (Beijing date of the clock).
  std::string today() const;
  // The working calendar deadlines are counted on (nullptr when none).
  std::shared_ptr<const WorkCalendar> calendar() const { return calendar_ ? calendar_() : nullptr; }

 private:
  friend struct ProblemMoves;
  Result<Problem> load_visible(store::Tx& tx, const Actor& a, int64_t id) const;
  Result<ProblemDetail> detail_in(store::Tx& tx, const Actor& a, const Problem& p);
  PartySet parties_of(const Actor& a, const Problem& p) const;
  Result<std::vector<DuplicateWarning>> duplicates_in(store::Tx& tx, const Problem& p);
  Status notify(store::Tx& tx, const std::vector<int64_t>& users, const Problem& p, const std::string& tmpl,
                Params params, const std::string& key, const std::string& now) const;
  // Tells the recipients `tr` names (problem.toml notify) of its move of `p`
  // out of state `from` with its notice template, given the params it
  // declares from number, title, unit, deadline and `extra`; `key` makes each
  // notice once per recipient.
  Status tell(store::Tx& tx, const WorkflowTransition& tr, const Problem& p, const std::string& from,
              Params extra, const std::string& key, const std::string& now) const;
  // The same for recipients `who` and the template `notice` named elsewhere
  // (an escalation rung of problems.toml).
  Status tell(store::Tx& tx, const std::vector<std::string>& who, const std::string& notice, const Problem& p,
              const std::string& from, Params extra, const std::string& key, const std::string& now) const;
  Result<std::vector<int64_t>> recipients(store::Tx& tx, std::string_view who, const Problem& p,
                                          const std::string& from) const;
  Result<std::vector<int64_t>> office_users(store::Tx& tx) const;
  Result<std::vector<int64_t>> unit_users(store::Tx& tx, const Problem& p, bool leaders_only) const;

  store::Database& db_;
  const Clock& clock_;
  EvidenceService& evidence_;
  const NotificationService* notifications_;
  CalendarFn calendar_;
};

}  // namespace lantian::app
