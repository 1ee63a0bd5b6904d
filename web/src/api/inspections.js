import { api, upload } from './client.js';

const enc = encodeURIComponent;

// Inspection checklists as data (resources/checklists): {items: [{name,
// label, targets, items: [{code, label, help}]}]}, those for one target (a
// ledger type or "enterprise") when given.
export const listChecklists = (target) => api.get('/api/v1/checklists', target ? { target } : undefined);

// Inspections, newest first, a page: query ledger_row_id, enterprise_id,
// inspector_id, result (pass|fail), page, per_page → {items, total, page, per_page}.
export const listInspections = (query) => api.get('/api/v1/inspections', query);
export const getInspection = (id) => api.get(`/api/v1/inspections/${enc(id)}`);
// {checklist, ledger_row_id | enterprise_id, items: [{code, result, note,
// open_problem}], location?, person_met, note, client_key} → the inspection
// (201; 200 with the earlier record when client_key was sent before).
export const createInspection = (body) => api.post('/api/v1/inspections', body);
// A photo, or with kind "signature" the signature of the person met (raw body) → RecordFile.
export const uploadInspectionFile = (id, file, onProgress, kind = 'photo') =>
  upload(`/api/v1/inspections/${enc(id)}/files`, file, {
    query: { filename: file.name, kind },
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });
