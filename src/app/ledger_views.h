// JSON views of ledger types, rows and their files (/api/v1/ledger-types,
// /api/v1/ledgers/..., /api/v1/ledger-rows/...), as docs/openapi.yaml
// describes them.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "app/json_writer.h"
#include "core/ledger_row.h"
#include "core/ledger_type.h"
#include "core/record_file.h"

namespace lantian::app {

// The definition the web app renders its pages from: {name, label,
// work_area, workflow, title_field, fields: [{name, label, type, required,
// unit, min, max, max_length, choices: [{code, label}], help}], builtins:
// [{name, label}], list: {columns, filters}, excel: {columns, key}, counts:
// [{index, states, quantity, label}]} (core ledger_count_groups()).
boost::json::object ledger_type_view(const LedgerType& t);

// {id, ledger_type, unit: {id, name}, enterprise: {id, name} | null, status,
// title, location: {lng, lat} | null (WGS-84), fields: {...}, version,
// created_at, updated_at, actions}. A row whose stored fields do not decode
// shows them as {}.
boost::json::object ledger_row_view(const LedgerType& t, const LedgerRow& r,
                                    const std::vector<std::string>& actions);
// The row as the audit log keeps it (no actions).
boost::json::value ledger_row_audit_view(const LedgerType& t, const LedgerRow& r);
// ledger_row_view's document written straight as text (list pages): the
// stored fields' values are copied as stored where the text is plainly what
// the server wrote (app/ledger_fields.h scan_ledger_fields), so a number or
// an escape may be spelled differently from a serialized DOM, never with a
// different meaning.
void write_ledger_row_json(JsonWriter& w, const LedgerType& t, const LedgerRow& r,
                           const std::vector<std::string>& actions);

// {id, kind, filename, content_type, size_bytes, sha256, url, thumbnail_url,
// taken_at, gps, event_id, uploaded_by: {id, name}, created_at}.
boost::json::object record_file_view(const RecordFile& f);

struct LedgerImportReport;
// An import's report (app/ledger_sheets.h): the format, headers and their
// mapping, the counts, whether it was written, and each row's outcome and
// issues by column and code.
boost::json::object ledger_import_report_view(const LedgerImportReport& r);

}  // namespace lantian::app
