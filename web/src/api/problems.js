import { api, upload } from './client.js';

const enc = encodeURIComponent;

// Supervision problems (督办问题, docs/openapi.yaml tag `problems`).
//
// The loop's rules (resources/problems.toml): {sources: [{name, label,
// number}], types: [{name, label, work_area, work_area_label}], escalation:
// [{days_overdue, step}], duplicate_radius_m, photo_max_distance_m,
// dispositions, deadline_kinds, workflow}.
export const getProblemRules = () => api.get('/api/v1/problem-rules');
// A page of problems in the reader's scope. query: status (comma list),
// unit_id (and below), source, type, overdue, from, to (registered, Beijing
// dates), q, enterprise_id, parent_id (rebounds of), mine, page, per_page,
// sort → {items, total, page, per_page, next_cursor}.
export const listProblems = (query) => api.get('/api/v1/problems', query);
// {source, problem_type, title, description, standard, disposition,
// enterprise_id, site, address, location: {lng, lat, datum}} → the problem's
// detail with `warnings` (open problems it may duplicate) (201).
export const createProblem = (body) => api.post('/api/v1/problems', body);
// The warnings a registration would give, nothing registered → {items}.
export const checkProblemDuplicates = (body) => api.post('/api/v1/problems/duplicates', body);
// The overdue board: {today, items: [{unit: {id, name}, open, overdue, earliest_deadline}]}.
export const getProblemLateness = () => api.get('/api/v1/problems/lateness');
// One problem with its files (photos with `flags`), escalations and the
// moves the reader may take now (`actions`).
export const getProblem = (id) => api.get(`/api/v1/problems/${enc(id)}`);
// A move: {version, note?, files?, …the action's fields} → the problem after it.
export const runProblemAction = (id, action, body) => api.post(`/api/v1/problems/${enc(id)}/actions/${enc(action)}`, body);
// The history, oldest first; each event's `evidence` lists file ids.
export const listProblemEvents = (id) => api.get(`/api/v1/problems/${enc(id)}/events`);
// The printable documents (rendered by the server): `file` notice.pdf |
// notice.html (督办单, once assigned), report.pdf | report.html (整改报告,
// once reported; 409 problem_document_not_ready before). Links the browser
// opens with the session cookie.
export const problemDocumentUrl = (id, file) => `/api/v1/problems/${enc(id)}/documents/${enc(file)}`;
// A photo or document on the problem (raw body, name in the query) →
// RecordFile; filed with a move by naming its id in `files`.
export const uploadProblemFile = (id, file, onProgress) =>
  upload(`/api/v1/problems/${enc(id)}/files`, file, {
    query: { filename: file.name },
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });
