// Campaign tasks: the task tree (任务分解), responsibility (落实到人), status
// workflow (core/task_workflow.h), progress reports (填报) with attachments,
// report requests (催报), all with the caller's permission and scope enforced
// and every change audited in the same transaction. Rolled-up progress and
// quantities are kept current up the tree in that transaction too.
//
// Who may do what (beyond the permission named):
//   - see: tasks owned, led or co-operated by a unit in the caller's scope;
//   - create top-level tasks: the campaign office (campaigns.write);
//   - decompose a task (tasks.write): its owner unit (or a unit above it) or
//     the office; the new owners must lie in the caller's scope and, for a
//     scoped caller, under the parent's owner unit;
//   - edit a task: whoever assigned it (the parent's owner) or the office;
//   - report progress and complete (tasks.report): the owner unit or above;
//   - accept / return (tasks.accept): the lead unit or the office.
//
// Errors: forbidden, not_found (also for tasks outside scope), invalid with
// field errors (bad input, targets that do not add up), conflict (stale
// version, a status that does not allow the action).
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/evidence_service.h"
#include "app/uploads.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/task.h"
#include "core/workflow.h"
#include "store/db.h"
#include "store/paging.h"
#include "store/reports_repo.h"
#include "store/tasks_repo.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

using CalendarSource = std::function<std::shared_ptr<const WorkCalendar>()>;

// A partial task: unset members are left alone by update().
struct TaskInput {
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> parent_id;
  std::optional<std::optional<int64_t>> work_area_id;
  std::optional<std::string> code, title, description;
  std::optional<int64_t> owner_unit_id;
  std::optional<int64_t> lead_unit_id;
  std::optional<Person> responsible_leader;
  std::optional<std::optional<int64_t>> responsible_user_id;
  std::optional<Person> responsible_person;  // when the person has no account
  std::optional<std::string> start_date;
  std::optional<std::string> deadline;
  std::optional<int64_t> deadline_working_days;  // instead of deadline
  std::optional<std::string> measure_unit;
  std::optional<std::optional<double>> target_value;
  std::optional<double> weight;
  std::optional<std::vector<int64_t>> cooperating_unit_ids;
  std::optional<std::vector<Milestone>> milestones;
  int64_t version = 0;  // required for updates
};

// Derived, per-reader facts about a task.
struct TaskFacts {
  bool overdue = false;
  int overdue_working_days = 0;
  std::optional<int> remaining_working_days;  // open and not overdue
  bool calendar_covers_deadline = true;
  // 待验收: every subtask is completed or accepted and the task is not yet
  // accepted (core ready_for_acceptance).
  bool ready_for_acceptance = false;
  // What this reader may do now (get(), list(), subtree(), act()): the
  // workflow's actions the reader may take (core/task_workflow.h) and the
  // record operations edit, decompose, report, tick_milestone,
  // request_report. nullopt where not computed (not serialised then).
  std::optional<std::vector<std::string>> actions;
};

// A task above another, as a breadcrumb: may_open = the reader may see it.
struct TaskAncestor {
  int64_t id = 0;
  std::string code, title;
  bool may_open = false;
};

struct TaskDetail {
  Task task;
  TaskFacts facts;
  std::optional<std::vector<TaskAncestor>> ancestors;  // get() only: root first
};

// 我的任务: how many open tasks each tab holds, and the tab to open first.
struct MyTasksSummary {
  int64_t mine = 0;         // open tasks the reader is responsible for
  int64_t unit = 0;         // open tasks owned by the reader's unit
  std::string default_tab;  // "mine" | "unit"
};

// One task of a batch (create_many): top-level in input.campaign_id, under an
// existing task (input.parent_id), or under an earlier entry of the batch.
struct NewTask {
  TaskInput input;
  std::optional<size_t> parent;  // index of an earlier entry
};

enum class BatchMode {
  all_or_nothing,  // any entry with errors: nothing is written
  valid_only,      // write the valid entries; skip those under a failed one
};

struct BatchOutcome {
  // Per entry: what is wrong with it (field names as in create(), or
  // "parent_id" for an entry skipped because its parent failed); empty = valid.
  std::vector<std::vector<FieldError>> errors;
  std::vector<int64_t> ids;  // per entry: the new task's id, 0 if not created
  size_t created = 0;
};

// Overdue tasks of one owner unit (逾期 by unit on the start page).
struct UnitOverdue {
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t count = 0;
  std::string earliest_deadline;
  int most_working_days_overdue = 0;
};

// One task of a plan import to change (apply_plan): a partial input as for
// update(), with the version the change was made against.
struct TaskChange {
  int64_t id = 0;
  TaskInput input;
};

struct PlanBatchOutcome {
  // Per change: why it was refused (field errors as update() gives them; a
  // refusal without a field, such as a stale version, as one entry with an
  // empty field); empty = valid.
  std::vector<std::vector<FieldError>> update_errors;
  size_t updated = 0;    // tasks actually changed (0 for a dry run or a rolled-back batch)
  BatchOutcome created;  // the creations, as create_many reports them
};

struct ReportInput {
  std::optional<std::string> report_date;
  std::optional<double> achieved_value;
  std::optional<double> percent;
  std::optional<std::string> narrative;
};

// One entry of a task's history: the event and the files its evidence
// list names (attachments of the task), in the list's order.
struct TaskEvent {
  store::workflow_events::Event event;
  std::vector<Attachment> evidence;
};

class TaskService {
 public:
  TaskService(store::Database& db, const Clock& clock, CalendarSource calendar)
      : db_(db), clock_(clock), calendar_(std::move(calendar)) {}

  // Today in China (Asia/Shanghai), "YYYY-MM-DD".
  std::string today() const;
  TaskFacts facts(const Task& t, const std::string& today) const;
  // The same with a calendar snapshot the caller already holds (lists take
  // one snapshot for all their rows).
  static TaskFacts facts(const Task& t, const std::string& today, const WorkCalendar* cal);

  Result<store::PageOf<TaskDetail>> list(const Actor& a, store::tasks::Filter f, const store::Page& page);
  // Every task matching f in the caller's scope, in tree order (for
  // exports). Errors: forbidden; invalid when more than `limit` match.
  Result<std::vector<TaskDetail>> list_all(const Actor& a, store::tasks::Filter f, int64_t limit);
  // A task's subtree (the task first, then descendants in tree order), at
  // most 5,000 rows.
  Result<std::vector<TaskDetail>> subtree(const Actor& a, int64_t id);
  // One task with the reader's actions and the path above it (ancestors).
  Result<TaskDetail> get(const Actor& a, int64_t id);
  // Narrows f to the tasks on which the caller may take `action` now by its
  // status and by who they are (the workflow table's parties, decided as
  // parties_of() decides them): "accept" gives the acceptance queue (待验收)
  // — completed tasks led by a unit in the caller's subtree, or every
  // completed task in scope for the office. Conditions an action has beyond
  // status and party (subtasks done, a report filed) are not applied.
  // Errors: internal for an action the workflow does not have.
  Status narrow_to_action(const Actor& a, std::string_view action, store::tasks::Filter& f) const;
  // Open tasks past their deadline matching f in the caller's scope, counted
  // per owner unit, most first. Each count equals the total of list() with
  // the same filter, overdue and that owner_unit_id. Errors: forbidden.
  Result<std::vector<UnitOverdue>> overdue_by_unit(const Actor& a, store::tasks::Filter f);
  // Counts for 我的任务's tabs and the default tab (see the rule there).
  Result<MyTasksSummary> my_summary(const Actor& a);
  Result<TaskDetail> create(const Actor& a, const TaskInput& in);
  // Splits a task into several subtasks at once; if the parent has a
  // quantitative target, the subtasks' targets must add up to it exactly.
  Result<std::vector<TaskDetail>> decompose(const Actor& a, int64_t parent_id,
                                            const std::vector<TaskInput>& subtasks);
  // Creates a whole tree of tasks (a plan import) in ONE transaction, each
  // entry checked as create() would (who may create it, field rules). When
  // an entry has children in the batch and a quantitative target, their
  // targets may not exceed it (an exact split is the caller's rule). With
  // dry_run nothing is written and `ids` stay 0. Entries must come parents
  // first (parent < own index). Errors: forbidden (a top-level entry without
  // the office, a parent the caller may not decompose), invalid (a bad
  // parent index, more than 5,000 entries), conflict (closed campaign,
  // accepted parent); per-entry problems go to BatchOutcome::errors instead.
  Result<BatchOutcome> create_many(const Actor& a, const std::vector<NewTask>& tasks, BatchMode mode,
                                   bool dry_run);
  // Changes and creations of a plan re-import in ONE transaction: each
  // change checked and audited as update() does, then the creations as
  // create_many() does (against the changed tree). all_or_nothing: any
  // refused entry and nothing is written; valid_only: the valid ones are.
  // With dry_run everything is checked inside the transaction, which is then
  // rolled back. Errors: forbidden without tasks.write, those of
  // create_many that concern the whole batch; internal/unavailable.
  Result<PlanBatchOutcome> apply_plan(const Actor& a, const std::vector<TaskChange>& updates,
                                      const std::vector<NewTask>& creates, BatchMode mode, bool dry_run);
  Result<TaskDetail> update(const Actor& a, int64_t id, const TaskInput& in);
  // Runs a workflow action ("start", "complete", "accept", "return", ...).
  // evidence: ids of files already attached to this task (attach_to_task()
  // or a report's); their kinds (core/evidence.h) must cover the kinds the
  // action's definition requires, and the ids are kept in the action's
  // workflow event. Errors: besides check_transition()'s, invalid on field
  // "evidence": evidence_not_of_task (an id that is no file of this task),
  // duplicate_entry, too_many (more than 20), evidence_required (naming the
  // missing kind).
  Result<TaskDetail> act(const Actor& a, int64_t id, const std::string& action, int64_t version,
                         const std::string& note, const std::vector<int64_t>& evidence = {});
  // The task's workflow history (workflow_events), oldest first, each event
  // with its evidence files; visible to whoever may see the task. Errors:
  // forbidden, not_found.
  Result<std::vector<TaskEvent>> events(const Actor& a, int64_t id);
  // Takes every timer of the task workflow that is due now: the timer's
  // system action on each task that entered the timer's state `days`
  // calendar days ago, or `days` working days (by `calendar`, 调休-aware)
  // before today. A task whose guards refuse the action stays as it is.
  // Returns how many tasks moved. Errors: the store's.
  Result<int> run_timers(const WorkCalendar* calendar);
  Result<TaskDetail> set_milestone_done(const Actor& a, int64_t task_id, int64_t milestone_id, bool done);

  Result<ProgressReport> report(const Actor& a, int64_t task_id, const ReportInput& in);
  Result<std::vector<ProgressReport>> reports(const Actor& a, int64_t task_id);
  // Adds a file to a report (the owner unit's), through the evidence store
  // (app/evidence_service.h: content first, thumbnail and EXIF kept). The
  // type is what the bytes are (JPEG, PNG, WebP, PDF, and a ZIP only as a
  // Word or Excel package, io/evidence_media.h), never the name or the
  // browser's Content-Type; image_too_large refuses a photo of more pixels
  // than io::MediaLimits allows; the stored name's extension
  // then matches that type: a JPEG named "x.html" is stored as "x.jpg",
  // one named "x" as "x.jpg" (".jpeg" and ".jpg" both fit a JPEG). Names
  // with / or \, control or invisible/bidirectional format characters are
  // refused (no_slash, control_characters, format_characters).
  Result<Attachment> attach(const Actor& a, int64_t report_id, const AttachmentUpload& file);
  // Adds a file to the task itself (no report), as evidence for a workflow
  // action (act()): checked and stored as attach() does; the caller must
  // hold a party on the task (owner, lead or office: not_task_party
  // otherwise); at most 200 such files per task (too_many_files).
  Result<Attachment> attach_to_task(const Actor& a, int64_t task_id, const AttachmentUpload& file);
  // A file's record, to anyone who may see its task (not_found otherwise).
  Result<Attachment> attachment_meta(const Actor& a, int64_t id);
  // The file and its bytes. Errors: as attachment_meta(); evidence_missing
  // when the store lacks the content.
  Result<std::pair<Attachment, std::string>> attachment(const Actor& a, int64_t id);
  // The file and its thumbnail (a JPEG). Errors: as attachment();
  // no_thumbnail when the file has none (not a photo, or undecodable).
  Result<std::pair<Attachment, std::string>> thumbnail(const Actor& a, int64_t id);
  // Where attach() puts contents (set by the wiring before serving).
  void set_evidence(EvidenceService* e) { evidence_ = e; }

  // 催报 lives in app/report_request_service.h.

  // A quantity counted from a ledger (app/ledger_service.h) in the caller's
  // transaction: files it as the task's progress report (achieved value
  // `value`, the narrative naming the rows counted) by the acting user — the
  // system files none and sets the value — moves a task not yet started
  // into work as a report does, and rolls the tree up. Unchanged values file
  // nothing.
  Status file_counted(store::Tx& tx, const Actor& a, int64_t task_id, double value, const std::string& narrative,
                      const std::string& now);
  // May the actor link the task to a ledger count? (the office, or who may
  // edit the task). Errors: task_not_found, not_permitted.
  Result<Task> task_for_count(store::Tx& tx, const Actor& a, int64_t task_id) const;

  // Hook for notifications inside the write transaction of an assignment,
  // a return or a report request (set by the API wiring; may be empty).
  // The notice's text is the template named by `kind`
  // (app/notification_templates.h) filled with `params`.
  using Notify =
      std::function<Status(store::Tx&, int64_t user_id, const std::string& kind, int64_t task_id,
                           const Params& params, const std::string& dedup_key, const std::string& now)>;
  void set_notify(Notify n) { notify_ = std::move(n); }
  // Notifies the task's responsible person (and, with leaders, the owner
  // unit's leaders) through the hook, inside the caller's transaction.
  Status notify_people(store::Tx& tx, const Task& t, const std::string& kind, const Params& params,
                       const std::string& dedup, const std::string& now, bool leaders);
  // The current working-day calendar snapshot (may be null without a source).
  std::shared_ptr<const WorkCalendar> calendar() const { return calendar_ ? calendar_() : nullptr; }

 private:
  unsigned parties_of(const Actor& a, const Task& t, store::Tx& tx) const;
  // What `a` may do with `t` (TaskFacts::actions). `parent_owner_path`: the
  // parent's owner unit path ("" without a parent).
  std::vector<std::string> actions_for(const Actor& a, const Task& t, unsigned parties, bool children_done,
                                       bool has_report, const std::string& parent_owner_path) const;
  // Fills actions of every row with two batch queries.
  Status fill_actions(store::Tx& tx, const Actor& a, std::vector<TaskDetail>& rows) const;
  // Moves `cur` along `action` (already allowed): status, roll-up, audit,
  // workflow event, the transition's effects. `a` is the system for timers.
  Status move(store::Tx& tx, const Actor& a, const Task& cur, const WorkflowTransition& action,
              const std::string& note, const std::string& now, Task& out, const std::string& evidence = "[]");
  // attach() and attach_to_task(): check the file, then (check passing in a
  // read and again in the write) store it as a file of the task `check`
  // returns, on report report_id (nullopt: on the task itself).
  Result<Attachment> store_attachment(const Actor& a, const AttachmentUpload& file,
                                      std::optional<int64_t> report_id,
                                      const std::function<Result<Task>(store::Tx&)>& check);
  // One due timer on one task, in its own transaction: false when the task
  // moved meanwhile or a guard holds it back.
  Result<bool> take_timer(const WorkflowTransition& action, const store::workflow_events::Entered& e,
                          const std::string& now);
  Result<Task> load_visible(store::Tx& tx, const Actor& a, int64_t id) const;
  // `existing`: the task being edited (its lead and cooperating units may stay).
  Status build_new(store::Tx& tx, const Actor& a, const TaskInput& in, const std::optional<Task>& parent,
                   Task& out, std::vector<FieldError>& errs, const std::string& field_prefix,
                   const Task* existing = nullptr);
  Status refresh_upwards(store::Tx& tx, int64_t id);
  // The bodies of update() and create_many() inside a caller's transaction.
  Status update_in(store::Tx& tx, const Actor& a, int64_t id, const TaskInput& in, const std::string& now,
                   TaskDetail& out);
  Status create_many_in(store::Tx& tx, const Actor& a, const std::vector<NewTask>& tasks, BatchMode mode,
                        bool dry_run, const std::string& now, BatchOutcome& out);
  // Recomputes one task's roll-up; returns its parent.
  Result<std::optional<int64_t>> refresh_one(store::Tx& tx, int64_t id);

  store::Database& db_;
  const Clock& clock_;
  CalendarSource calendar_;
  Notify notify_;
  EvidenceService* evidence_ = nullptr;
};

}  // namespace lantian::app
