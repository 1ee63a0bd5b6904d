// The catalogue: one description per table of the schema (see table.h), in
// db copy's order (parents before children). Every table except
// schema_migrations (each database keeps its own) is here; a migration that
// adds a table or column adds it here too, or tests/store/schema_test.cpp
// fails (and db copy refuses the schema).
//
// Nullability follows the migrations: `nullable` columns may hold NULL, the
// others are NOT NULL (a primary key is never NULL).
//
// Adding a table: its CREATE TABLE in both dialects' migrations, a column
// array and a Table here, and its place in kAll (after every table it
// references). db copy then copies it and the schema test checks it. Adding a
// column: the ALTER TABLE in both dialects and the column here; then its repo
// reads it by name (Selection) and writes it (Fields).
//
// Thread-safety: constants.
#pragma once

#include <span>

#include "store/table.h"

namespace lantian::store::tables {

namespace detail {
constexpr Type integer = Type::integer;
constexpr Type real = Type::real;
constexpr Type text = Type::text;
constexpr bool nullable = true;
}  // namespace detail
using namespace detail;

// --- Foundation: org units, users, sessions, audit -----------------------------

inline constexpr Column kUnits[] = {
    {"id", integer},
    {"parent_id", integer, nullable},
    {"path", text},
    {"name", text},
    {"kind", text},
    {"division_code", text, nullable},
    {"party_secretary_name", text, nullable},
    {"party_secretary_phone", text, nullable},
    {"government_head_name", text, nullable},
    {"government_head_phone", text, nullable},
    {"contacts", text},
    {"disabled", integer},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table units{
    .name = "units", .columns = kUnits, .key = "id", .serial = true, .self_parent = "parent_id"};

inline constexpr Column kUsers[] = {
    {"id", integer},
    {"username", text},
    {"name", text},
    {"phone", text, nullable},
    {"unit_id", integer},
    {"position", text, nullable},
    {"roles", text},
    {"password_hash", text},
    {"must_change_password", integer},
    {"disabled", integer},
    {"failed_logins", integer},
    {"locked_until", text, nullable},
    {"last_login_at", text, nullable},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table users{.name = "users", .columns = kUsers, .key = "id", .serial = true};

inline constexpr Column kSessions[] = {
    {"id", integer},
    {"token_hash", text},
    {"user_id", integer},
    {"kind", text},
    {"name", text, nullable},
    {"csrf_token", text},
    {"client_address", text, nullable},
    {"created_at", text},
    {"last_seen_at", text},
    {"expires_at", text},
    {"revoked", integer},
};
inline constexpr Table sessions{.name = "sessions", .columns = kSessions, .key = "id", .serial = true};

inline constexpr Column kAuditLog[] = {
    {"id", integer},          {"at", text},          {"actor_id", integer, nullable},
    {"actor_name", text},     {"action", text},      {"entity", text},
    {"entity_id", text},      {"before_json", text}, {"after_json", text},
    {"client_address", text}, {"prev_hash", text},   {"hash", text},
};
// Ids come from audit_head, not from a sequence.
inline constexpr Table audit_log{.name = "audit_log", .columns = kAuditLog, .key = "id"};

inline constexpr Column kAuditHead[] = {{"id", integer}, {"last_id", integer}, {"last_hash", text}};
inline constexpr Table audit_head{
    .name = "audit_head", .columns = kAuditHead, .key = "id", .holds_data = false};

inline constexpr Column kTreeLock[] = {{"id", integer}, {"n", integer}};
inline constexpr Table tree_lock{.name = "tree_lock", .columns = kTreeLock, .key = "id", .holds_data = false};

// --- Campaign tasks ----------------------------------------------------------

// The holiday arrangement: every migrated installation is seeded with the
// shipped one, so db copy replaces it by the source's, not counted as data.
inline constexpr Column kCalendarDays[] = {
    {"day", text}, {"kind", text}, {"holiday", text}, {"notice", text}, {"updated_at", text},
};
inline constexpr Table calendar_days{
    .name = "calendar_days", .columns = kCalendarDays, .key = "day", .holds_data = false};

inline constexpr Column kCalendarYears[] = {{"year", integer}, {"source", text}, {"updated_at", text}};
inline constexpr Table calendar_years{
    .name = "calendar_years", .columns = kCalendarYears, .key = "year", .holds_data = false};

inline constexpr Column kCampaigns[] = {
    {"id", integer},
    {"name", text},
    {"start_date", text},
    {"end_date", text},
    {"jurisdiction_unit_id", integer},
    {"office_unit_id", integer},
    {"description", text},
    {"targets", text},
    {"documents", text},
    {"status", text},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table campaigns{.name = "campaigns", .columns = kCampaigns, .key = "id", .serial = true};

inline constexpr Column kWorkAreas[] = {
    {"id", integer},       {"campaign_id", integer}, {"code", text},
    {"name", text},        {"sort_order", integer},  {"lead_unit_id", integer, nullable},
    {"leader_name", text}, {"leader_phone", text},   {"description", text},
    {"version", integer},  {"created_at", text},     {"updated_at", text},
};
inline constexpr Table work_areas{.name = "work_areas", .columns = kWorkAreas, .key = "id", .serial = true};

inline constexpr Column kWorkAreaUnits[] = {{"work_area_id", integer}, {"unit_id", integer}};
inline constexpr Table work_area_units{.name = "work_area_units", .columns = kWorkAreaUnits};

inline constexpr Column kTasks[] = {
    {"id", integer},
    {"campaign_id", integer},
    {"work_area_id", integer, nullable},
    {"parent_id", integer, nullable},
    {"path", text},
    {"depth", integer},
    {"code", text},
    {"title", text},
    {"description", text},
    {"owner_unit_id", integer},
    {"owner_unit_path", text},
    {"lead_unit_id", integer},
    {"lead_unit_path", text},
    {"responsible_leader_name", text},
    {"responsible_leader_phone", text},
    {"responsible_user_id", integer, nullable},
    {"responsible_person_name", text},
    {"responsible_person_phone", text},
    {"start_date", text},
    {"deadline", text},
    {"deadline_working_days", integer, nullable},
    {"deadline_unverified", integer},
    {"measure_unit", text},
    {"target_value", real, nullable},
    {"achieved_value", real},
    {"weight", real},
    {"progress", real},
    {"status", text},
    {"status_note", text},
    {"assigned_at", text},
    {"completed_at", text, nullable},
    {"accepted_at", text, nullable},
    {"last_report_at", text, nullable},
    {"child_count", integer},
    {"created_by", integer, nullable},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table tasks{
    .name = "tasks", .columns = kTasks, .key = "id", .serial = true, .self_parent = "parent_id"};

inline constexpr Column kTaskCooperatingUnits[] = {{"task_id", integer}, {"unit_id", integer}};
inline constexpr Table task_cooperating_units{.name = "task_cooperating_units",
                                              .columns = kTaskCooperatingUnits};

// Who may see a task, as rows: every ancestor-or-self of its owner, lead and
// cooperating units, with the task's deadline (migration 0010; maintained by
// tasks_repo.cpp). Derived data, copied like the rest so a copy lists alike.
inline constexpr Column kTaskScopes[] = {{"unit_id", integer}, {"deadline", text}, {"task_id", integer}};
inline constexpr Table task_scopes{.name = "task_scopes", .columns = kTaskScopes, .holds_data = false};

inline constexpr Column kMilestones[] = {
    {"id", integer},    {"task_id", integer},        {"title", text},
    {"deadline", text}, {"done_at", text, nullable}, {"sort_order", integer},
};
inline constexpr Table milestones{.name = "milestones", .columns = kMilestones, .key = "id", .serial = true};

inline constexpr Column kProgressReports[] = {
    {"id", integer},
    {"task_id", integer},
    {"report_date", text},
    {"achieved_value", real, nullable},
    {"percent", real, nullable},
    {"narrative", text},
    {"reported_by", integer},
    {"unit_id", integer},
    {"created_at", text},
};
inline constexpr Table progress_reports{
    .name = "progress_reports", .columns = kProgressReports, .key = "id", .serial = true};

// What each evidence content is (store/evidence_repo.h): one row per distinct
// SHA-256. The contents themselves are carried store to store, not as rows.
inline constexpr Column kEvidence[] = {
    {"sha256", text},
    {"size_bytes", integer},
    {"content_type", text},
    {"width", integer, nullable},
    {"height", integer, nullable},
    {"taken_at", text, nullable},
    {"gps_lat", real, nullable},
    {"gps_lon", real, nullable},
    {"thumbnail_sha256", text, nullable},
    {"created_at", text},
};
inline constexpr Table evidence{.name = "evidence", .columns = kEvidence, .key = "sha256"};

inline constexpr Column kAttachments[] = {
    {"id", integer},    {"report_id", integer, nullable}, {"task_id", integer},
    {"filename", text}, {"content_type", text},           {"size_bytes", integer},
    {"sha256", text},   {"uploaded_by", integer},         {"created_at", text},
};
inline constexpr Table attachments{
    .name = "attachments", .columns = kAttachments, .key = "id", .serial = true};

inline constexpr Column kAttachmentData[] = {{"attachment_id", integer}, {"data_base64", text}};
inline constexpr Table attachment_data{
    .name = "attachment_data", .columns = kAttachmentData, .key = "attachment_id"};

inline constexpr Column kReportRequests[] = {
    {"id", integer},
    {"task_id", integer},
    {"unit_id", integer},
    {"unit_path", text},
    {"message", text},
    {"due_date", text},
    {"requested_by", integer, nullable},
    {"requested_at", text},
    {"fulfilled_at", text, nullable},
    {"fulfilled_report_id", integer, nullable},
};
inline constexpr Table report_requests{
    .name = "report_requests", .columns = kReportRequests, .key = "id", .serial = true};

inline constexpr Column kNotifications[] = {
    {"id", integer},
    {"user_id", integer},
    {"kind", text},
    {"task_id", integer, nullable},
    {"title", text},
    {"body", text},
    {"dedup_key", text},
    {"created_at", text},
    {"read_at", text, nullable},
    {"template", text},
    {"params", text},
    {"problem_id", integer, nullable},
};
inline constexpr Table notifications{
    .name = "notifications", .columns = kNotifications, .key = "id", .serial = true};

inline constexpr Column kWebhookDeliveries[] = {
    {"id", integer},      {"notification_id", integer}, {"payload", text},
    {"status", text},     {"attempts", integer},        {"next_attempt_at", text},
    {"last_error", text}, {"created_at", text},         {"delivered_at", text, nullable},
};
inline constexpr Table webhook_deliveries{
    .name = "webhook_deliveries", .columns = kWebhookDeliveries, .key = "id", .serial = true};

// The history of every record that runs a workflow (0008).
inline constexpr Column kWorkflowEvents[] = {
    {"id", integer},
    {"workflow", text},
    {"record_id", integer},
    {"action", text},
    {"from_state", text, nullable},
    {"to_state", text},
    {"actor_user_id", integer, nullable},
    {"at", text},
    {"note", text},
    {"evidence", text},
};
inline constexpr Table workflow_events{
    .name = "workflow_events", .columns = kWorkflowEvents, .key = "id", .serial = true};

// The enterprise registry (一企一档) and ledger rows (migration 0013).
inline constexpr Column kEnterprises[] = {
    {"id", integer},         {"name", text},          {"credit_code", text, nullable},
    {"legal_rep", text},     {"phone", text},         {"address", text},
    {"lng", real, nullable}, {"lat", real, nullable}, {"industry_code", text},
    {"unit_id", integer},    {"unit_path", text},     {"grid", text},
    {"status", text},        {"version", integer},    {"created_by", integer, nullable},
    {"created_at", text},    {"updated_at", text},
};
inline constexpr Table enterprises{
    .name = "enterprises", .columns = kEnterprises, .key = "id", .serial = true};

inline constexpr Column kLedgerRows[] = {
    {"id", integer},
    {"ledger_type", text},
    {"unit_id", integer},
    {"unit_path", text},
    {"enterprise_id", integer, nullable},
    {"status", text},
    {"title", text},
    {"lng", real, nullable},
    {"lat", real, nullable},
    {"fields", text},
    {"version", integer},
    {"created_by", integer, nullable},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table ledger_rows{
    .name = "ledger_rows", .columns = kLedgerRows, .key = "id", .serial = true};

// The relocation guard: banned enterprises and suspected relocations
// (migration 0015).
inline constexpr Column kBannedEnterprises[] = {
    {"id", integer},
    {"name", text},
    {"credit_code", text, nullable},
    {"legal_rep", text},
    {"phone", text},
    {"address", text},
    {"origin", text},
    {"banned_on", text, nullable},
    {"reason", text},
    {"source", text},
    {"enterprise_id", integer, nullable},
    {"created_by", integer, nullable},
    {"created_at", text},
};
inline constexpr Table banned_enterprises{
    .name = "banned_enterprises", .columns = kBannedEnterprises, .key = "id", .serial = true};

inline constexpr Column kRelocationAlerts[] = {
    {"id", integer},
    {"enterprise_id", integer, nullable},
    {"candidate", text},
    {"banned_enterprise_id", integer},
    {"score", real},
    {"reasons", text},
    {"status", text},
    {"resolved_by", integer, nullable},
    {"resolved_at", text, nullable},
    {"note", text},
    {"created_at", text},
};
inline constexpr Table relocation_alerts{
    .name = "relocation_alerts", .columns = kRelocationAlerts, .key = "id", .serial = true};

// Who may see a ledger row (its unit and every unit above), and the values of
// its type's filter fields, as rows: derived, maintained with the row.
inline constexpr Column kLedgerScopes[] = {{"ledger_type", text}, {"unit_id", integer}, {"row_id", integer}};
inline constexpr Table ledger_scopes{.name = "ledger_scopes", .columns = kLedgerScopes, .holds_data = false};
inline constexpr Column kLedgerFilters[] = {
    {"ledger_type", text}, {"field", text}, {"value", text}, {"row_id", integer}};
inline constexpr Table ledger_filters{
    .name = "ledger_filters", .columns = kLedgerFilters, .holds_data = false};

// Files filed on records other than tasks, and tasks counted from a ledger
// (migration 0014).
inline constexpr Column kRecordFiles[] = {
    {"id", integer},          {"record_kind", text}, {"record_id", integer},
    {"kind", text},           {"filename", text},    {"content_type", text},
    {"size_bytes", integer},  {"sha256", text},      {"event_id", integer, nullable},
    {"uploaded_by", integer}, {"created_at", text},
};
inline constexpr Table record_files{
    .name = "record_files", .columns = kRecordFiles, .key = "id", .serial = true};
inline constexpr Column kTaskLedgerCounts[] = {
    {"task_id", integer}, {"ledger_type", text}, {"count_index", integer}, {"created_by", integer, nullable},
    {"created_at", text},
};
inline constexpr Table task_ledger_counts{
    .name = "task_ledger_counts", .columns = kTaskLedgerCounts, .key = "task_id"};

// Field inspections and their item results (migration 0016).
inline constexpr Column kInspections[] = {
    {"id", integer},
    {"checklist", text},
    {"ledger_row_id", integer, nullable},
    {"enterprise_id", integer, nullable},
    {"unit_id", integer},
    {"unit_path", text},
    {"inspector_id", integer},
    {"inspected_at", text},
    {"lng", real, nullable},
    {"lat", real, nullable},
    {"person_met", text},
    {"result", text},
    {"note", text},
    {"client_key", text, nullable},
    {"created_at", text},
};
inline constexpr Table inspections{
    .name = "inspections", .columns = kInspections, .key = "id", .serial = true};
inline constexpr Column kInspectionItems[] = {
    {"inspection_id", integer}, {"code", text},
    {"result", text},           {"note", text},
    {"open_problem", integer},  {"problem_id", integer, nullable},
};
inline constexpr Table inspection_items{
    .name = "inspection_items", .columns = kInspectionItems, .link_key = "inspection_id,code"};

// Background ledger imports and their undo logs (migration 0017).
inline constexpr Column kLedgerImportJobs[] = {
    {"id", text},
    {"user_id", integer},
    {"ledger_type", text},
    {"state", text},
    {"total", integer},
    {"processed", integer},
    {"report", text, nullable},
    {"error", text, nullable},
    {"heartbeat_at", text},
    {"created_at", text},
    {"finished_at", text, nullable},
};
inline constexpr Table ledger_import_jobs{
    .name = "ledger_import_jobs", .columns = kLedgerImportJobs, .key = "id"};
inline constexpr Column kLedgerImportUndo[] = {
    {"job_id", text}, {"row_id", integer}, {"before", text, nullable}};
inline constexpr Table ledger_import_undo{
    .name = "ledger_import_undo", .columns = kLedgerImportUndo, .link_key = "job_id,row_id"};

// Failed-login counters: transient, copied as they are, not data.
inline constexpr Column kLoginThrottle[] = {
    {"key", text}, {"failures", integer}, {"window_start", text}, {"locked_until", text, nullable}};
inline constexpr Table login_throttle{
    .name = "login_throttle", .columns = kLoginThrottle, .key = "key", .holds_data = false};

// --- Supervision problems (issue 12) --------------------------------------------

inline constexpr Column kProblems[] = {
    {"id", integer},
    {"number", text},
    {"year", integer},
    {"seq", integer},
    {"source", text},
    {"problem_type", text},
    {"status", text},
    {"title", text},
    {"description", text},
    {"standard", text},
    {"disposition", text},
    {"enterprise_id", integer, nullable},
    {"ledger_row_id", integer, nullable},
    {"inspection_id", integer, nullable},
    {"site", text},
    {"address", text},
    {"lng", real, nullable},
    {"lat", real, nullable},
    {"unit_id", integer, nullable},
    {"unit_path", text},
    {"leader_party", text},
    {"leader_government", text},
    {"person_id", integer, nullable},
    {"person_name", text},
    {"cooperating_units", text},
    {"deadline_kind", text},
    {"deadline_days", integer},
    {"deadline", text},
    {"extension_until", text},
    {"verifier_id", integer, nullable},
    {"parent_id", integer, nullable},
    {"merged_into_id", integer, nullable},
    {"failed_verifications", integer},
    {"extensions", integer},
    {"escalation", integer},
    {"lookback_due", text},
    {"reporter_name", text},
    {"reporter_phone", text},
    {"reporter_email", text},
    {"external_id", text},
    {"created_by", integer, nullable},
    {"created_at", text},
    {"updated_at", text},
    {"assigned_at", text},
    {"closed_at", text},
    {"verified_lng", real, nullable},
    {"verified_lat", real, nullable},
    {"verified_at", text},
    {"handler_id", integer, nullable},  // migration 0021
    {"reported_at", text},              // migration 0021
    {"place_cell", integer, nullable},  // migration 0021: core/problem.h place_cell
    {"version", integer},
};
// parent_id and merged_into_id name older problems only (a rebound is newer
// than its origin; a duplicate merges into an earlier problem), so copying
// in id order inserts every referenced problem first.
inline constexpr Table problems{.name = "problems", .columns = kProblems, .key = "id", .serial = true};

inline constexpr Column kProblemScopes[] = {{"unit_id", integer}, {"problem_id", integer}};
inline constexpr Table problem_scopes{
    .name = "problem_scopes", .columns = kProblemScopes, .holds_data = false};

inline constexpr Column kProblemNumberCounters[] = {
    {"source", text}, {"year", integer}, {"last_seq", integer}};
inline constexpr Table problem_number_counters{
    .name = "problem_number_counters", .columns = kProblemNumberCounters, .link_key = "source,year"};

inline constexpr Column kProblemEscalations[] = {
    {"problem_id", integer}, {"deadline", text}, {"step", integer}, {"days_overdue", integer}, {"at", text}};
inline constexpr Table problem_escalations{
    .name = "problem_escalations", .columns = kProblemEscalations, .link_key = "problem_id,deadline,step"};

// --- Open311 public complaints (issue 12) -----------------------------------------

// What a public request carried besides its problem (migration 0019).
inline constexpr Column kOpen311Requests[] = {
    {"problem_id", integer}, {"client", text},     {"media_url", text},
    {"device_id", text},     {"account_id", text}, {"created_at", text},
};
inline constexpr Table open311_requests{
    .name = "open311_requests", .columns = kOpen311Requests, .key = "problem_id"};

// Requests per api_key in the current minute: transient, copied as they are, not data.
inline constexpr Column kOpen311RateLimits[] = {{"key", text}, {"window_start", text}, {"requests", integer}};
inline constexpr Table open311_rate_limits{
    .name = "open311_rate_limits", .columns = kOpen311RateLimits, .key = "key", .holds_data = false};

// --- Air quality (issue 13) --------------------------------------------------------

inline constexpr Column kAqStations[] = {
    {"id", integer},
    {"code", text},
    {"name", text},
    {"kind", text},
    {"lng", real, nullable},
    {"lat", real, nullable},
    {"unit_id", integer, nullable},
    {"unit_path", text},
    {"enterprise_id", integer, nullable},
    {"hj212_password_sha256", text, nullable},
    {"active", integer},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
    // Permitted limits of an enterprise's monitor (migration 0027).
    {"limit_so2", integer, nullable},
    {"limit_no2", integer, nullable},
    {"limit_co", integer, nullable},
    {"limit_o3", integer, nullable},
    {"limit_pm10", integer, nullable},
    {"limit_pm25", integer, nullable},
};
inline constexpr Table aq_stations{
    .name = "aq_stations", .columns = kAqStations, .key = "id", .serial = true};

// One row per station-hour (migration 0024; core/air_quality.h StationHour).
inline constexpr Column kAqHours[] = {
    {"station_id", integer},
    {"hour", integer},
    {"so2", integer, nullable},
    {"no2", integer, nullable},
    {"co", integer, nullable},
    {"o3", integer, nullable},
    {"pm10", integer, nullable},
    {"pm25", integer, nullable},
    {"flags", text},
    {"source", text},
    {"received_at", text},
};
inline constexpr Table aq_hours{.name = "aq_hours", .columns = kAqHours, .link_key = "station_id,hour"};

// A station's natural day as HJ 633's daily report gives it (migration 0026;
// core/air_quality.h StationDay), computed from its hours.
inline constexpr Column kAqDays[] = {
    {"station_id", integer},      {"day", integer},
    {"aqi", integer, nullable},   {"primary_bits", integer},
    {"so2", integer, nullable},   {"no2", integer, nullable},
    {"co", integer, nullable},    {"o3_8h", integer, nullable},
    {"o3_1h", integer, nullable}, {"pm10", integer, nullable},
    {"pm25", integer, nullable},  {"hours", integer},
};
inline constexpr Table aq_days{.name = "aq_days", .columns = kAqDays, .link_key = "station_id,day"};

inline constexpr Column kAqTargets[] = {
    {"id", integer},
    {"name", text},
    {"unit_id", integer},
    {"campaign_id", integer, nullable},
    {"period_from", text},
    {"period_to", text},
    {"baseline_pm25", integer, nullable},
    {"target_pm25", integer, nullable},
    {"baseline_heavy_days", integer, nullable},
    {"target_heavy_days", integer, nullable},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table aq_targets{.name = "aq_targets", .columns = kAqTargets, .key = "id", .serial = true};

// An episode a monitoring rule found, with the problem it opened (migration 0027).
inline constexpr Column kAqEpisodes[] = {
    {"id", integer},        {"station_id", integer},           {"rule", text},       {"first_hour", integer},
    {"last_hour", integer}, {"problem_id", integer, nullable}, {"created_at", text}, {"updated_at", text},
};
inline constexpr Table aq_episodes{
    .name = "aq_episodes", .columns = kAqEpisodes, .key = "id", .serial = true};

// Forecasts and heavy-pollution alerts (migration 0025; store/alerts_repo.h).
inline constexpr Column kAqForecasts[] = {
    {"id", integer},      {"unit_id", integer, nullable},
    {"issued_on", text},  {"day", text},
    {"aqi", integer},     {"primary_pollutant", text},
    {"source", text},     {"created_by", integer, nullable},
    {"created_at", text},
};
inline constexpr Table aq_forecasts{
    .name = "aq_forecasts", .columns = kAqForecasts, .key = "id", .serial = true};

inline constexpr Column kAqAlerts[] = {
    {"id", integer},
    {"number", text},
    {"year", integer},
    {"seq", integer},
    {"level", text},
    {"status", text},
    {"standard", text},
    {"issued_at", text},
    {"effective_at", text},
    {"expires_at", text, nullable},
    {"upgraded_at", text, nullable},
    {"downgraded_at", text, nullable},
    {"lifted_at", text, nullable},
    {"episode_first", text, nullable},
    {"episode_last", text, nullable},
    {"peak_aqi", integer, nullable},
    {"reasons", text},
    {"created_by", integer, nullable},
    {"version", integer},
    {"created_at", text},
    {"updated_at", text},
};
inline constexpr Table aq_alerts{.name = "aq_alerts", .columns = kAqAlerts, .key = "id", .serial = true};

// One row per move of an alert, keyed by its workflow event.
inline constexpr Column kAqAlertSteps[] = {
    {"event_id", integer}, {"alert_id", integer},  {"action", text},   {"from_level", text},
    {"to_level", text},    {"effective_at", text}, {"document", text}, {"reasons", text},
};
inline constexpr Table aq_alert_steps{.name = "aq_alert_steps", .columns = kAqAlertSteps, .key = "event_id"};

// A source's spot check during an alert (migration 0028; app/spot_check_service.h).
inline constexpr Column kAlertSpotChecks[] = {
    {"id", integer},
    {"alert_id", integer},
    {"level", text},
    {"ledger_row_id", integer},
    {"unit_id", integer},
    {"unit_path", text},
    {"status", text},
    {"inspection_id", integer, nullable},
    {"checked_at", text, nullable},
    {"created_at", text},
};
inline constexpr Table alert_spot_checks{
    .name = "alert_spot_checks", .columns = kAlertSpotChecks, .key = "id", .serial = true};

// --- The list ------------------------------------------------------------------

// Every table, parents before children: db copy's order.
inline constexpr const Table* kAll[] = {
    &units,
    &users,
    &sessions,
    &audit_log,
    &audit_head,
    &tree_lock,
    &calendar_days,
    &calendar_years,
    &campaigns,
    &work_areas,
    &work_area_units,
    &tasks,
    &task_cooperating_units,
    &task_scopes,
    &milestones,
    &progress_reports,
    &evidence,
    &attachments,
    &attachment_data,
    &report_requests,
    &notifications,
    &webhook_deliveries,
    &workflow_events,
    &enterprises,
    &ledger_rows,
    &ledger_scopes,
    &ledger_filters,
    &record_files,
    &task_ledger_counts,
    &inspections,
    &inspection_items,
    &banned_enterprises,
    &relocation_alerts,
    &ledger_import_jobs,
    &ledger_import_undo,
    &problems,
    &problem_scopes,
    &problem_number_counters,
    &problem_escalations,
    &open311_requests,
    &open311_rate_limits,
    &login_throttle,
    &aq_stations,
    &aq_hours,
    &aq_days,
    &aq_targets,
    &aq_episodes,
    &aq_forecasts,
    &aq_alerts,
    &aq_alert_steps,
    &alert_spot_checks,
};
inline constexpr std::span<const Table* const> all() { return kAll; }

// Tables of the schema deliberately left out of the catalogue: their contents
// are not rows to copy but carried by their own code. evidence_blobs is the
// database evidence store (db copy moves it with store/evidence_copy.h, since
// the target may keep its evidence in files). The schema test still compares
// them between the dialects. list_generations (migration 0010) is each
// database's own bookkeeping for cached list totals (list_cache.h), moved by
// triggers; a copy starts its own. task_code_counters (migration 0011) are
// the 序号 counters, made afresh from the codes at a place when missing.
inline constexpr std::string_view kCarriedApart[] = {"evidence_blobs", "list_generations",
                                                     "task_code_counters"};

}  // namespace lantian::store::tables
