#include "core/error_codes.h"

#include <algorithm>
#include <array>

namespace lantian {
namespace {

using K = ErrorKind;

// One row per code. Keep codes stable: clients translate by them. Add new
// codes to the section of their area; document each one in
// docs/openapi.yaml (ErrorCode) and translate it in web/src/i18n/errors/.
constexpr ErrorCodeDef kCodes[] = {
    // --- generic: one per kind, for errors without a more precise code -----
    {"bad_request", K::invalid, "", "the request is not valid"},
    {"validation_failed", K::invalid, "", "validation failed"},
    {"invalid", K::invalid, "", "is not valid"},
    {"unauthorized", K::unauthorized, "", "log in first"},
    {"forbidden", K::forbidden, "", "you may not do this"},
    {"not_found", K::not_found, "", "no such resource"},
    {"conflict", K::conflict, "", "the request conflicts with the current state; reload and try again"},
    {"too_large", K::too_large, "", "the request is too large"},
    {"unavailable", K::unavailable, "", "the service is unavailable; try again later"},
    {"internal", K::internal, "", "an internal error occurred"},
    {"method_not_allowed", K::invalid, "method", "method {method} is not allowed here"},
    {"headers_too_large", K::invalid, "", "the request headers are too large"},
    {"http_version_not_supported", K::invalid, "", "only HTTP/1.0 and HTTP/1.1 are supported"},
    {"unregistered_code", K::internal, "code", "the server raised an unregistered error code {code}"},

    // --- the database (raised by src/store; the API never shows the database's
    // own message: the detail sent is the text below, the cause goes to the log)
    {"database_unavailable", K::unavailable, "", "the database is unavailable; try again later"},
    {"database_busy", K::unavailable, "", "the database is busy; try again in a moment"},
    {"database_full", K::unavailable, "",
     "the server's storage is full; nothing can be saved until an administrator frees space"},
    {"database_read_only", K::unavailable, "",
     "the database is read-only; nothing can be saved until an administrator makes it writable"},
    {"database_conflict", K::conflict, "",
     "the change conflicts with another record or a concurrent change; reload and try again"},
    {"database_bad_text", K::invalid, "", "the request holds text the database cannot store"},

    // --- requests: bodies, query strings, paths ------------------------------
    {"malformed_json", K::invalid, "reason", "malformed JSON: {reason}"},
    {"body_not_object", K::invalid, "", "the request body must be a JSON object"},
    {"body_not_utf8", K::invalid, "", "the request body is not valid UTF-8"},
    {"unsupported_media_type", K::invalid, "expected", "the request body must be {expected}"},
    {"unknown_field", K::invalid, "", "is not a known field"},
    {"not_a_string", K::invalid, "", "must be a string"},
    {"not_an_integer", K::invalid, "", "must be an integer"},
    {"not_a_number", K::invalid, "", "must be a number"},
    {"not_a_boolean", K::invalid, "", "must be true or false"},
    {"not_an_object", K::invalid, "", "must be an object"},
    {"not_a_list", K::invalid, "item", "must be a list of {item}"},
    {"bad_query_encoding", K::invalid, "", "the query string is not valid percent-encoded UTF-8"},
    {"query_not_integer", K::invalid, "name", "query parameter '{name}' must be an integer"},
    {"query_not_boolean", K::invalid, "name", "query parameter '{name}' must be true or false"},
    {"query_not_date", K::invalid, "name", "query parameter '{name}' must be a date or RFC 3339 time"},
    {"query_out_of_range", K::invalid, "name,min,max",
     "query parameter '{name}' must be between {min} and {max}"},
    {"query_unknown_sort", K::invalid, "name", "query parameter '{name}' must be one of the documented keys"},
    {"query_unknown_value", K::invalid, "name,value", "query parameter '{name}' does not take \"{value}\""},
    {"query_required", K::invalid, "name", "query parameter '{name}' is required"},
    {"bad_id", K::not_found, "", "no such resource (the id must be a positive integer)"},
    {"no_such_route", K::not_found, "path", "no such resource: {path}"},
    {"cannot_change", K::invalid, "", "cannot be changed"},

    // --- text and values --------------------------------------------------------
    {"required", K::invalid, "", "is required"},
    {"too_long", K::invalid, "max", "must be at most {max} characters"},
    {"too_short", K::invalid, "min", "must be at least {min} characters"},
    {"too_many_bytes", K::invalid, "max", "must be at most {max} bytes"},
    {"not_utf8", K::invalid, "", "must be valid UTF-8"},
    {"control_characters", K::invalid, "", "must not contain control characters"},
    {"format_characters", K::invalid, "", "must not contain invisible or bidirectional format characters"},
    {"bad_phone", K::invalid, "", "must be a mobile number (11 digits) or a landline like 0371-12345678"},
    {"credit_code_length", K::invalid, "length",
     "a unified social credit code has 18 characters, this one has {length}"},
    {"credit_code_character", K::invalid, "position,character",
     "character {position} (\"{character}\") cannot be in a unified social credit code"},
    {"credit_code_check", K::invalid, "expected",
     "the check character (the last) does not match: with these first 17 it would be {expected}"},
    {"not_a_date", K::invalid, "example", "must be a date like {example}"},
    {"out_of_range", K::invalid, "min,max", "must be between {min} and {max}"},
    {"not_positive", K::invalid, "max", "must be greater than 0 and at most {max}"},
    {"not_negative", K::invalid, "", "must not be negative"},
    {"one_of", K::invalid, "values", "must be one of: {values}"},
    {"too_many", K::invalid, "max", "at most {max} entries"},
    {"duplicate_entry", K::invalid, "value", "is listed twice: {value}"},
    {"no_comma", K::invalid, "", "must not contain a comma (use 、)"},
    {"no_slash", K::invalid, "", "must not contain / or \\"},
    {"date_in_future", K::invalid, "", "must not be in the future"},
    {"date_in_past", K::invalid, "", "must not be in the past"},
    {"either_or", K::invalid, "other", "give either this or {other}, not both"},

    // --- accounts, sessions, tokens -------------------------------------------
    {"wrong_credentials", K::unauthorized, "", "wrong username or password"},
    {"account_locked", K::locked, "until", "too many failed logins; the account is locked until {until}"},
    {"address_locked", K::locked, "until",
     "too many failed logins from your network address; try again after {until}"},
    {"session_expired", K::unauthorized, "", "invalid or expired token"},
    {"session_idle", K::unauthorized, "", "the session expired after inactivity; log in again"},
    {"csrf", K::forbidden, "", "missing or wrong X-CSRF-Token header"},
    {"password_change_required", K::forbidden, "", "change your initial password first"},
    {"wrong_password", K::invalid, "", "is wrong"},
    {"password_classes", K::invalid, "",
     "must contain at least three of: lower-case letters, upper-case letters, digits, symbols"},
    {"password_is_username", K::invalid, "", "must not equal the username"},
    {"password_unchanged", K::invalid, "", "must differ from the current password"},
    {"password_reset_only", K::invalid, "", "use reset-password to change a password"},
    {"bad_username", K::invalid, "", "3-32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter"},
    {"username_taken", K::conflict, "", "the username is already taken"},
    {"unknown_role", K::invalid, "role", "unknown role: {role}"},
    {"roles_required", K::invalid, "", "at least one role is required"},
    {"role_not_grantable", K::forbidden, "role", "you may not assign the role {role}"},
    {"own_roles", K::forbidden, "", "you may not change your own roles"},
    {"disable_self", K::forbidden, "", "you may not disable yourself"},

    // --- permissions and scope -------------------------------------------------
    {"not_permitted", K::forbidden, "permission", "you lack the permission {permission}"},
    {"office_only", K::forbidden, "", "only the campaign office may do this"},
    {"district_only", K::forbidden, "", "only district-wide roles may do this"},
    {"not_in_scope", K::invalid, "", "no such unit, or it lies outside your scope"},

    // --- org units ---------------------------------------------------------------
    {"unknown_unit_kind", K::invalid, "", "unknown unit kind"},
    {"bad_division_code", K::invalid, "", "must be 6, 9 or 12 digits (GB/T 2260)"},
    {"needs_parent", K::invalid, "", "a unit of this kind needs a parent"},
    {"wrong_parent_kind", K::invalid, "kind,parent_kind", "a {kind} cannot be placed under a {parent_kind}"},
    {"parent_disabled", K::invalid, "", "the parent unit is disabled"},
    {"unit_disabled", K::invalid, "", "the unit is disabled"},
    {"unit_name_taken", K::conflict, "", "a unit with this name already exists under the same parent"},
    {"own_unit", K::forbidden, "", "you may not move, disable or re-kind your own unit"},
    {"unit_has_units", K::conflict, "", "the unit still has active sub-units; disable or move them first"},
    {"unit_has_users", K::conflict, "", "the unit still has active users; disable or move them first"},
    {"no_such_unit", K::invalid, "", "no such unit"},
    {"move_under_itself", K::invalid, "", "a unit cannot move under itself or one of its sub-units"},
    {"no_such_user", K::invalid, "", "no such user"},

    // --- optimistic concurrency and states -------------------------------------
    // `version` (when known) is the record's version now.
    {"stale_version", K::conflict, "version", "the record was changed by someone else; reload and try again"},
    {"version_required", K::invalid, "", "is required (the version you read)"},

    // --- campaigns and tasks ------------------------------------------------------
    {"campaign_closed", K::conflict, "", "the campaign is closed"},
    {"bad_campaign_status", K::invalid, "", "is not a status of the campaign workflow"},
    {"bad_direction", K::invalid, "", "must be decrease or increase"},
    {"campaign_not_found", K::not_found, "", "no such campaign"},
    {"work_area_not_found", K::not_found, "", "no such work area"},
    {"task_not_found", K::not_found, "", "no such task"},
    {"ledger_type_not_found", K::not_found, "name", "no ledger type {name}"},
    {"ledger_row_not_found", K::not_found, "", "no such ledger row"},
    {"ledger_row_frozen", K::conflict, "status", "the row is closed ({status}); it can no longer be edited"},
    {"query_not_filterable", K::invalid, "name", "the list cannot be filtered by {name}"},
    {"notification_not_found", K::not_found, "", "no such notification"},
    {"workflow_not_found", K::not_found, "name", "no workflow \"{name}\""},
    {"campaign_name_taken", K::conflict, "", "a campaign with this name already exists"},
    {"no_such_campaign", K::invalid, "", "no such campaign"},
    {"no_such_work_area", K::invalid, "", "no such work area in this campaign"},
    {"unknown_work_area", K::invalid, "name", "unknown work area {name}"},
    {"no_such_task", K::invalid, "", "no such task"},
    {"frozen", K::conflict, "", "the task is accepted; it can no longer change"},
    {"children_open", K::conflict, "", "finish every subtask first"},
    {"unknown_status", K::invalid, "status", "unknown status \"{status}\""},
    {"action_not_allowed", K::conflict, "action,status",
     "{action} is not possible while the task is {status}"},
    {"unknown_action", K::invalid, "action", "is not a task action: {action}"},
    {"note_required", K::invalid, "", "give a reason"},
    // Any workflow but the task's older codes above (app/workflow_records.h);
    // `workflow` names the definition the action and status codes are of.
    {"unknown_workflow_action", K::invalid, "action,workflow", "is not an action of this record: {action}"},
    {"workflow_action_not_allowed", K::conflict, "action,status,workflow",
     "{action} is not possible in the status {status}"},
    {"no_transition", K::conflict, "from,to,workflow", "no action leads from {from} to {to}"},
    {"not_a_party", K::forbidden, "action,workflow", "you may not take the action {action} on this record"},
    {"guard_failed", K::conflict, "guard", "the condition {guard} is not met"},
    {"report_required", K::conflict, "", "file a progress report first"},
    {"not_task_owner", K::forbidden, "", "only the task's owner unit may do this"},
    {"not_task_assigner", K::forbidden, "",
     "only the unit that assigned the task or the campaign office may change it"},
    {"not_task_lead", K::forbidden, "", "only the lead unit of the task or the campaign office may do this"},
    {"not_decomposer", K::forbidden, "",
     "only the task's owner unit or the campaign office may decompose it"},
    {"owner_not_below_parent", K::invalid, "",
     "must be the parent task's owner unit or one of its sub-units"},
    {"lead_not_allowed", K::invalid, "", "must be your own unit, a unit above it or one within your scope"},
    {"user_not_in_owner", K::invalid, "", "must belong to the owner unit or one of its sub-units"},
    {"before_start", K::invalid, "start", "must not be before the start date {start}"},
    {"after_parent_deadline", K::invalid, "deadline",
     "must not be after the parent task's deadline {deadline}"},
    {"child_due_later", K::invalid, "title,deadline", "a subtask (\"{title}\") is due later, on {deadline}"},
    {"milestone_outside", K::invalid, "", "must lie between the task's start date and its deadline"},
    {"too_deep", K::invalid, "max", "the task tree is at most {max} levels deep"},
    {"measure_unit_required", K::invalid, "", "is required with a target value"},
    {"measure_unit_mismatch", K::invalid, "expected", "must be the parent's unit of measure \"{expected}\""},
    {"sum_mismatch", K::invalid, "expected,actual",
     "the subtasks' targets add up to {actual}, but the parent's target is {expected}"},
    {"sum_exceeds", K::invalid, "expected,actual",
     "the subtasks' targets add up to {actual}, more than the parent's target {expected}"},
    {"no_target_to_split", K::invalid, "", "the parent task has no quantitative target to split"},
    {"quantity_from_children", K::invalid, "",
     "this task's quantity is the sum of its subtasks; report on them"},
    {"no_quantity_target", K::invalid, "", "the task has no quantitative target; give percent instead"},
    {"parent_failed", K::invalid, "", "not created: its parent has errors"},
    {"no_such_milestone", K::not_found, "", "no such milestone"},
    {"too_many_files", K::conflict, "max", "a report holds at most {max} files"},
    {"file_type", K::invalid, "",
     "must be a photo (JPEG, PNG, WebP), a PDF, or a Word/Excel document (.docx, .xlsx)"},
    {"file_extension", K::invalid, "expected", "the file name must end in {expected} for this kind of file"},
    {"file_empty", K::invalid, "", "is empty"},
    {"file_too_large", K::too_large, "max", "a file may be at most {max}"},
    {"image_too_large", K::invalid, "pixels,max",
     "the photo has {pixels} pixels; at most {max} are accepted"},
    {"range_not_satisfiable", K::invalid, "size",
     "the requested byte range lies outside the file ({size} bytes)"},
    {"no_thumbnail", K::not_found, "", "this file has no thumbnail"},
    {"evidence_required", K::invalid, "kind", "attach a file of kind {kind} (photo or document) as evidence"},
    {"evidence_not_of_task", K::invalid, "id", "file {id} is not a file of this task"},
    {"file_unreadable", K::invalid, "reason", "the file cannot be read: {reason}"},
    {"ambiguous_name", K::invalid, "name",
     "several units are called {name}; name it in the file as the unit list does"},
    {"not_a_location", K::invalid, "", "is not a point \"longitude,latitude\" in China"},
    {"duplicate_in_file", K::invalid, "", "the file has this row's key twice"},
    {"duplicate_of", K::invalid, "other", "looks like {other} (same credit code, or same name and address)"},
    {"import_busy", K::unavailable, "", "imports are queued up; try again in a few minutes"},
    {"import_job_not_found", K::not_found, "", "no such import"},
    {"import_interrupted", K::unavailable, "",
     "the import stopped before it finished; nothing of it was kept"},
    {"taken", K::invalid, "", "is already used by another record"},
    {"not_for_target", K::invalid, "target", "this checklist is not for {target}"},
    {"inspection_not_found", K::not_found, "", "no such inspection, or it lies outside your scope"},
    {"not_the_inspector", K::forbidden, "", "only the inspector who made the record adds to it"},
    {"evidence_not_of_record", K::invalid, "id", "file {id} is not a file of this record waiting for a move"},
    {"not_task_party", K::forbidden, "",
     "only the task's owner unit, lead unit or the campaign office may do this"},
    {"evidence_missing", K::internal, "sha256", "the file {sha256} is missing from the evidence store"},
    {"no_report_due", K::conflict, "", "the task is accepted; no report is due"},
    {"request_open", K::conflict, "due_date", "a report request is already open (due {due_date})"},
    {"not_working_day", K::invalid, "date", "{date} is not a working day"},

    // --- calendar --------------------------------------------------------------
    {"bad_day_kind", K::invalid, "", "must be off or work"},
    {"bad_year", K::not_found, "", "no such year (expected YYYY, 2000..2100)"},
    {"no_such_year", K::not_found, "year", "no holiday arrangement for {year}"},
    {"csv_header", K::invalid, "expected", "expected the header {expected}"},
    {"csv_fields", K::invalid, "expected,count", "expected 4 fields {expected} (got {count})"},
    {"date_not_in_year", K::invalid, "date,year", "{date} is not in {year}"},
    {"no_days_listed", K::invalid, "year", "no days listed for {year}"},
    {"either_days_or_to", K::invalid, "", "give either days (a deadline N working days after from) or to"},
    {"span_too_long", K::invalid, "years", "from and to must be at most {years} years apart"},
    {"no_such_day", K::not_found, "", "no such day (expected YYYY-MM-DD)"},
    {"day_not_listed", K::not_found, "day", "{day} is not listed in the calendar"},
    {"year_not_arranged", K::invalid, "year",
     "{year} has no holiday arrangement yet; import the notice for the year first"},

    // --- Excel import and export -------------------------------------------------
    {"not_xlsx", K::invalid, "reason", "not an .xlsx file ({reason})"},
    {"file_too_big", K::too_large, "size,limit", "the file is {size}; the limit is {limit}"},
    {"sheet_empty", K::invalid, "", "the sheet is empty"},
    {"no_such_sheet", K::invalid, "sheets,sheet",
     "the workbook has {sheets} sheet(s); there is no sheet {sheet}"},
    {"too_many_rows", K::invalid, "rows,max",
     "the sheet has {rows} task rows; at most {max} can be imported at once"},
    {"bad_column", K::invalid, "", "must be a column index or Excel column letters like \"G\""},
    {"bad_mapping", K::invalid, "", "must be a JSON object of field -> column, e.g. title -> 2"},
    {"unknown_unit", K::invalid, "name", "there is no unit named \"{name}\""},
    {"ambiguous_unit", K::invalid, "name", "several units are named \"{name}\""},
    {"unknown_parent_code", K::invalid, "code", "there is no row with 序号 {code} to be this task's parent"},
    {"merged_rows", K::invalid, "cell",
     "the cell {cell} is merged over several rows; give each task its own cell"},
    {"parent_row_failed", K::invalid, "row", "not imported: its parent (row {row}) has errors"},
    {"plan_has_errors", K::invalid, "rows", "the plan has errors in {rows} row(s); nothing was imported"},
    {"too_many_tasks", K::invalid, "max", "more than {max} tasks match; narrow the filter"},
    {"unpacks_too_large", K::too_large, "limit,part,size",
     "the workbook unpacks to more than {limit} ({part} alone is {size})"},
    {"workbook_too_large", K::too_large, "", "the workbook is too large to read in memory"},
    {"beyond_row_limit", K::invalid, "row,max,cell",
     "row {row} is beyond the limit of {max} rows (cell {cell})"},
    {"beyond_column_limit", K::invalid, "column,max,cell",
     "column {column} is beyond the limit of {max} columns (cell {cell})"},
    {"not_a_worksheet", K::invalid, "sheet", "sheet \"{sheet}\" is a chart or dialog, not a worksheet"},
    {"unknown_plan_field", K::invalid, "", "is not a field of a plan"},
    {"column_outside", K::invalid, "column,max", "column {column} is outside the sheet's columns 0..{max}"},
    {"column_mapped_twice", K::invalid, "column,other", "column {column} is already mapped to {other}"},
    {"column_required", K::invalid, "label", "choose the column that holds {label} (required)"},
    {"bad_plan_code", K::invalid, "value", "\"{value}\" is not a 序号 like 1, 1.2 or 1.2.3"},
    {"duplicate_plan_code", K::invalid, "code,other_row", "序号 {code} is already used in row {other_row}"},
    {"unknown_task_key", K::invalid, "id", "there is no task {id} in this campaign that you may change"},
    {"duplicate_task_key", K::invalid, "id,other_row", "task {id} is already listed in row {other_row}"},
    {"stale_row", K::invalid, "version,current",
     "the task was changed after the export (version {version}, now {current}); export again and redo the "
     "edit"},
    {"no_such_area", K::invalid, "name", "the campaign has no work area \"{name}\""},
    {"subtask_area", K::invalid, "area", "a subtask belongs to its parent's work area ({area})"},

    // --- the enterprise registry and the relocation guard ------------------------
    {"industry_code_format", K::invalid, "",
     "must be a GB/T 4754 industry code: a section letter A-T with 2 to 4 digits (C2927) or the digits "
     "alone (2927)"},
    {"industry_code_section", K::invalid, "division,section",
     "division {division} of GB/T 4754 belongs to section {section}"},
    {"credit_code_taken", K::conflict, "",
     "an enterprise with this unified social credit code is already registered"},
    {"enterprise_not_found", K::not_found, "", "no such enterprise"},
    {"no_such_enterprise", K::invalid, "", "no such enterprise"},
    // --- supervision problems (issue 12) ------------------------------------------
    {"problem_not_found", K::not_found, "", "no such problem"},
    {"no_such_problem", K::invalid, "", "no such problem"},
    {"no_such_ledger_row", K::invalid, "", "no such ledger row"},
    {"verifier_not_office", K::invalid, "", "must be a member of the campaign office"},
    {"person_not_of_unit", K::invalid, "", "must be a user of the responsible unit"},
    {"extension_not_later", K::invalid, "deadline", "must be after the current deadline {deadline}"},
    {"merge_target_invalid", K::invalid, "number",
     "cannot merge into {number}: merge a duplicate into an earlier problem that is still open"},
    {"problem_document_not_ready", K::conflict, "document",
     "the {document} exists once the problem is assigned (notice) or reported (report)"},
    {"deadline_invalid", K::invalid, "today", "must be a date on or after {today}, or 1 to 365 working days"},
    // importing a 督办清单 or an edited 整改台账 (app/problem_sheets.h)
    {"not_a_deadline", K::invalid, "value",
     "\"{value}\" is not a deadline: give a date like 2017-11-30, N个工作日 or 立行立改"},
    {"unknown_problem_source", K::invalid, "name", "there is no problem source \"{name}\""},
    {"unknown_problem_type", K::invalid, "name", "there is no problem type \"{name}\""},
    {"unknown_problem_number", K::invalid, "number",
     "there is no problem numbered {number} that you may see"},
    {"problem_in_progress", K::conflict, "status",
     "the problem is already {status}: the differences were not applied (only a registered problem changes)"},
    {"problem_not_assigned", K::invalid, "",
     "registered without assignment: give both the responsible unit and the deadline to assign it"},
    {"problem_list_has_errors", K::invalid, "rows",
     "the list has errors in {rows} row(s); nothing was imported"},
    {"no_header_row", K::invalid, "rows",
     "none of the first {rows} rows names the list's columns (问题描述, 问题类型, 问题来源, ...)"},
    {"import_too_many_rows", K::invalid, "rows,max",
     "the file has {rows} rows; at most {max} can be imported at once"},
    {"banned_enterprise_not_found", K::not_found, "", "no such banned enterprise"},
    {"relocation_alert_not_found", K::not_found, "", "no such suspected relocation"},
    {"relocation_alert_resolved", K::conflict, "status", "the suspected relocation is already {status}"},
    {"csv_unreadable", K::invalid, "reason", "the file cannot be read as CSV: {reason}"},
    {"csv_no_rows", K::invalid, "", "the file has no rows below its header"},
    {"csv_too_many_rows", K::invalid, "max", "the file has more than {max} rows; split it"},
    {"csv_missing_column", K::invalid, "column", "the header has no column {column}"},
    {"csv_column_twice", K::invalid, "column", "the header names the column {column} twice"},
    {"banned_list_has_errors", K::invalid, "rows",
     "the list has errors in {rows} row(s); nothing was imported"},
    // importing the registry (app/enterprise_sheets.h)
    {"enterprise_list_has_errors", K::invalid, "rows",
     "the registry file has errors in {rows} row(s); nothing was imported"},
    {"enterprise_no_header", K::invalid, "rows",
     "none of the first {rows} rows is a header naming the column 企业名称 (name)"},
    // --- Open311 (GeoReport v2) public complaints -----------------------------------
    {"open311_disabled", K::forbidden, "",
     "service requests cannot be posted here: no api_key is configured"},
    {"api_key_invalid", K::forbidden, "", "invalid api_key"},
    {"rate_limited", K::rate_limited, "limit,retry_after",
     "too many requests: at most {limit} a minute for this api_key; try again in {retry_after} seconds"},
    {"service_not_found", K::not_found, "code", "no service {code}"},
    {"service_request_not_found", K::not_found, "", "no such service request"},
    {"bad_form_encoding", K::invalid, "", "the form is not valid percent-encoded UTF-8"},
    {"location_required", K::invalid, "", "give lat and long, or address_string"},
    {"not_an_email", K::invalid, "", "must be an email address"},
    {"not_a_web_address", K::invalid, "", "must be an http:// or https:// address"},

    // --- air quality (issue 13) ---------------------------------------------------
    {"aq_station_not_found", K::not_found, "", "no such monitoring station"},
    {"aq_station_code_taken", K::conflict, "code", "a station with code {code} is registered already"},
    {"aq_station_unknown", K::invalid, "station", "no station has the code {station}"},
    {"aq_station_inactive", K::invalid, "station", "station {station} is deactivated: its data is not taken"},
    {"aq_hour_in_future", K::invalid, "hour", "the hour ending {hour} has not ended yet"},
    {"aq_value_out_of_range", K::invalid, "pollutant", "the {pollutant} value is not a concentration"},
    {"aq_flag_unknown", K::invalid, "flag", "{flag} is not a data flag (N T F M S D C B)"},
    {"aq_too_many_hours", K::too_large, "max", "at most {max} station-hours per request"},
    {"aq_unit_not_found", K::not_found, "", "no such unit"},
    {"aq_target_not_found", K::not_found, "", "no such air-quality target"},
    {"aq_period_too_long", K::invalid, "max", "a period may be at most {max} days"},
    // heavy-pollution alerts (app/alert_service.h)
    {"alert_not_found", K::not_found, "", "no such alert"},
    {"alert_in_force", K::conflict, "number",
     "alert {number} is in force: upgrade, downgrade or lift it instead of issuing another"},
    {"alert_level_unknown", K::invalid, "level", "the warning standard has no level {level}"},
    {"alert_level_not_higher", K::invalid, "level,current",
     "an upgrade must go above the current level {current}, not to {level}"},
    {"alert_level_not_lower", K::invalid, "level,current",
     "a downgrade must go below the current level {current}, not to {level}"},
    {"not_a_time", K::invalid, "example", "must be a time like {example}"},
    {"expires_before_effective", K::invalid, "", "must be after the time the alert takes effect"},
    {"forecast_day_before_issue", K::invalid, "issued_on",
     "the forecast day is before the issue date {issued_on}"},
    {"forecast_too_many_days", K::too_large, "max", "at most {max} forecast days per request"},
    {"aq_pollutant_unknown", K::invalid, "value",
     "{value} is not a pollutant (SO2, NO2, CO, O3, PM10, PM2.5)"},
};

}  // namespace

std::span<const ErrorCodeDef> error_codes() { return kCodes; }

const ErrorCodeDef* find_error_code(std::string_view code) {
  for (const auto& d : kCodes)
    if (d.code == code) return &d;
  return nullptr;
}

std::string render_template(std::string_view tmpl, const Params& params) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  size_t i = 0;
  while (i < tmpl.size()) {
    char c = tmpl[i];
    if (c == '{') {
      auto close = tmpl.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
        if (it != params.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return out;
}

std::string_view generic_code(const Error& e) {
  switch (e.kind) {
    case ErrorKind::invalid:
      return e.fields.empty() ? "bad_request" : "validation_failed";
    case ErrorKind::unauthorized:
      return "unauthorized";
    case ErrorKind::forbidden:
      return "forbidden";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::locked:
      return "account_locked";
    case ErrorKind::too_large:
      return "too_large";
    case ErrorKind::rate_limited:
      return "rate_limited";
    case ErrorKind::unavailable:
      return "unavailable";
    case ErrorKind::internal:
      return "internal";
  }
  return "internal";
}

bool message_is_internal(const Error& e) {
  return e.kind == ErrorKind::unavailable || e.kind == ErrorKind::internal ||
         std::string_view(e.code).substr(0, 9) == "database_";
}

std::string client_message(const Error& e) {
  if (!message_is_internal(e)) return e.message;
  const ErrorCodeDef* d = e.code.empty() ? nullptr : find_error_code(e.code);
  if (!d) d = find_error_code(generic_code(e));
  return d ? render_template(d->en, e.params) : std::string("an internal error occurred");
}

Error Error::make(std::string_view code, Params params) {
  const ErrorCodeDef* d = find_error_code(code);
  if (!d)
    return {ErrorKind::internal,
            "unregistered error code " + std::string(code),
            {},
            "unregistered_code",
            {{"code", std::string(code)}}};
  return {d->kind, render_template(d->en, params), {}, std::string(code), std::move(params)};
}

Error Error::field(std::string name, std::string_view code, Params params) {
  return validation({FieldError{std::move(name), issue(code, std::move(params))}});
}

Issue issue(std::string_view code, Params params) {
  const ErrorCodeDef* d = find_error_code(code);
  if (!d)
    return {
        "unregistered_code", {{"code", std::string(code)}}, "unregistered error code " + std::string(code)};
  std::string message = render_template(d->en, params);
  return {std::string(code), std::move(params), std::move(message)};
}

}  // namespace lantian
