import { api, buildUrl, upload } from './client.js';

const enc = encodeURIComponent;

// The enterprise registry (一企一档). A page of enterprises in the reader's
// scope: query q (a part of the name, legal representative or credit code),
// unit_id (that unit and below), status (comma list), page, per_page, sort →
// {items, total, page, per_page, statuses: [{code, label_zh, label_en}],
// actions: "register" and "import" when the reader may write the registry,
// "export" when they may read it}.
export const listEnterprises = (query) => api.get('/api/v1/enterprises', query);
// The registry as .xlsx with the list's filters (q, unit_id, status), in the
// import's columns: a link the browser downloads with the session cookie.
export const enterpriseExportUrl = (query) => buildUrl('/api/v1/enterprises/export.xlsx', query);
// A registry file (.xlsx or CSV) checked (dryRun) or imported, all or
// nothing, its 经度/纬度 in `datum` (wgs84 | gcj02 | bd09) → the report
// {format, datum, header_row, headers, mapping, ignored_columns, rows, new,
// changed, unchanged, errors, dry_run, written, details: [{row, outcome, id,
// name, changes: [{field, from, to}], issues: [{column, column_name, field,
// code, params, message}]}], alerts: [{row, id, enterprise_id, name,
// banned_enterprise_id, banned_name, banned_origin, score, reasons}]}. A real
// import with errors rejects with 422 enterprise_list_has_errors whose body's
// `report` is the report.
export const importEnterprises = (file, { dryRun = false, datum = 'wgs84' } = {}) =>
  api.postRaw('/api/v1/enterprises/import', file, file.type || 'application/octet-stream', {
    filename: file.name,
    datum,
    ...(dryRun ? { dry_run: 'true' } : {}),
  });
// {name, credit_code, legal_rep, phone, address, location: {lng, lat, datum},
// industry_code, unit_id, grid, status} → the enterprise with `alerts`, the
// suspected relocations the registration raised (201).
export const createEnterprise = (body) => api.post('/api/v1/enterprises', body);
// The enterprise's file: the enterprise with `actions` (edit, file, inspect,
// ban), `links` {ledger_rows, inspections}, `open_alerts`, `files` and
// `statuses`.
export const getEnterprise = (id) => api.get(`/api/v1/enterprises/${enc(id)}`);
// Only the members given change; null clears a text or the location.
export const updateEnterprise = (id, version, changes) => api.patch(`/api/v1/enterprises/${enc(id)}`, { ...changes, version });
// A document or photo filed on the enterprise (permit, EIA approval, site
// photo; raw body, name in the query) → RecordFile.
export const uploadEnterpriseFile = (id, file, onProgress) =>
  upload(`/api/v1/enterprises/${enc(id)}/files`, file, {
    query: { filename: file.name },
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });

// The banned list (关停取缔名单): query q, source (ours | imported), page,
// per_page → {items, total, page, per_page, actions: ["add", "import"] for the
// campaign office}.
export const listBannedEnterprises = (query) => api.get('/api/v1/banned-enterprises', query);
// {name, credit_code, legal_rep, phone, address, origin, banned_on, reason}
// or {enterprise_id, banned_on, reason} (one of ours) → the entry with the
// `alerts` it raised (201).
export const addBannedEnterprise = (body) => api.post('/api/v1/banned-enterprises', body);
// A CSV file checked (dryRun) or imported, all or nothing → the report
// {encoding, total_rows, valid_rows, invalid_rows, imported, duplicate_lines,
// alerts, ignored_columns, errors: [{line, column, column_name, field, code,
// params, message}], errors_truncated, dry_run}. A real import with errors
// rejects with 422 banned_list_has_errors whose body's `report` is the report.
export const importBannedEnterprises = (file, dryRun) =>
  api.postRaw('/api/v1/banned-enterprises/import', file, 'text/csv', dryRun ? { dry_run: 'true' } : undefined);

// Suspected relocations (疑似搬迁预警), open ones first: query status (comma
// list), enterprise_id, banned_enterprise_id, page, per_page → {items, total,
// page, per_page, statuses}. Each alert carries `actions` (confirm, dismiss).
export const listRelocationAlerts = (query) => api.get('/api/v1/relocation-alerts', query);
// status "confirmed" | "dismissed", with the note the verification found.
export const resolveRelocationAlert = (id, status, note) => api.post(`/api/v1/relocation-alerts/${enc(id)}/resolve`, { status, note });
