import { api, buildUrl, upload } from './client.js';
import { XLSX_TYPE } from './imports.js';

const enc = encodeURIComponent;

// Ledger types as data (GET /api/v1/ledger-types): {name, label, work_area,
// workflow, title_field, fields, builtins, list: {columns, filters}, excel,
// counts, workflow_definition, can_register}.
export const listLedgerTypes = () => api.get('/api/v1/ledger-types');
export const getLedgerType = (name) => api.get(`/api/v1/ledger-types/${enc(name)}`);

// A page of rows, newest first. query: status (comma list), unit_id,
// enterprise_id, f.<field> (the type's filter fields), per_page, after (the
// previous page's next_cursor), with_total → {items, total, next_cursor}.
export const listLedgerRows = (type, query) => api.get(`/api/v1/ledgers/${enc(type)}/rows`, query);
// {unit_id, enterprise_id?, location?: {lng, lat, datum}, fields} → the row with its files.
export const createLedgerRow = (type, body) => api.post(`/api/v1/ledgers/${enc(type)}/rows`, body);
export const getLedgerRow = (id) => api.get(`/api/v1/ledger-rows/${enc(id)}`);
// Only the members given change; `fields` merges; location null clears it.
export const updateLedgerRow = (id, version, changes) => api.patch(`/api/v1/ledger-rows/${enc(id)}`, { ...changes, version });
// A workflow move with the values the action requires and the ids of files
// filed on the row for it (uploadLedgerFile).
export const runLedgerAction = (id, action, { version, note, fields, files }) =>
  api.post(`/api/v1/ledger-rows/${enc(id)}/actions/${enc(action)}`, {
    version,
    ...(note ? { note } : {}),
    ...(fields && Object.keys(fields).length ? { fields } : {}),
    ...(files?.length ? { files } : {}),
  });
// The row's history, oldest first; each event's `evidence` lists file ids.
export const listLedgerRowEvents = (id) => api.get(`/api/v1/ledger-rows/${enc(id)}/events`);
// A photo or document on the row (raw body, name in the query) → RecordFile.
export const uploadLedgerFile = (id, file, onProgress) =>
  upload(`/api/v1/ledger-rows/${enc(id)}/files`, file, {
    query: { filename: file.name },
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });

// The ledger count a task's achieved quantity comes from: {ledger_count:
// {task_id, ledger_type, count_index, counted} | null}.
export const getTaskLedgerCount = (taskId) => api.get(`/api/v1/tasks/${enc(taskId)}/ledger-count`);
export const setTaskLedgerCount = (taskId, ledgerType, countIndex) =>
  api.put(`/api/v1/tasks/${enc(taskId)}/ledger-count`, { ledger_type: ledgerType, count_index: countIndex });
export const deleteTaskLedgerCount = (taskId) => api.del(`/api/v1/tasks/${enc(taskId)}/ledger-count`);

// The ledger as .xlsx in its declared layout, filtered as the list (status,
// unit_id, f.<field>): a link the browser downloads with the session cookie.
export const ledgerExportUrl = (type, query) => buildUrl(`/api/v1/ledgers/${enc(type)}/export.xlsx`, query);

// The query of an import (utils/ledgerImport.js importQuery builds it: the
// column mapping sends map.<col>= with an empty value, which buildUrl would
// drop). The file is the raw body. Resolves {report, job?}: `job` ({id, url})
// when the server writes a large file in the background (202).
export const importLedger = (type, file, queryString) =>
  api.postRaw(`/api/v1/ledgers/${enc(type)}/import?${queryString}`, file, /\.xlsx$/i.test(file.name || '') ? XLSX_TYPE : 'text/csv');
// A background import: {id, state: queued|running|done|failed, total, processed, report, error}.
export const getLedgerImport = (id) => api.get(`/api/v1/ledger-imports/${enc(id)}`);
