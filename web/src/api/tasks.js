import { api, buildUrl, upload } from './client.js';

const enc = encodeURIComponent;

// Filters: campaign_id, work_area_id, parent_id, roots, top (the highest tasks
// the reader may see), owner_unit_id,
// responsible_user_id, mine, my_unit, overdue, status (comma list), q,
// awaiting_acceptance (what the caller may accept now: the 待验收 queue),
// page, per_page, sort (deadline|title|status|progress|id|path|updated_at, "-" for descending).
export const listTasks = (query) => api.get('/api/v1/tasks', query);
// 我的任务: {counts: {mine, unit}, default_tab} (open tasks per tab).
export const getMyTasksSummary = () => api.get('/api/v1/tasks/my-summary');
export const getTask = (id) => api.get(`/api/v1/tasks/${enc(id)}`);
// The task first, then all its descendants in tree order (path, parent_id, depth).
export const getTaskTree = (id) => api.get(`/api/v1/tasks/${enc(id)}/tree`);
export const createTask = (payload) => api.post('/api/v1/tasks', payload);
export const decomposeTask = (id, subtasks) => api.post(`/api/v1/tasks/${enc(id)}/subtasks`, { subtasks });
export const updateTask = (id, version, changes) => api.patch(`/api/v1/tasks/${enc(id)}`, { ...changes, version });
// evidence: ids of files filed on the task (uploadTaskFile) for an action
// whose definition requires evidence.
export const runTaskAction = (id, action, version, note, evidence) =>
  api.post(`/api/v1/tasks/${enc(id)}/actions/${enc(action)}`, {
    version,
    ...(note ? { note } : {}),
    ...(evidence?.length ? { evidence } : {}),
  });
// The task's workflow history, oldest first: {items: [{id, action, from, to,
// actor: {id, name} | null, at, note, evidence: [{id, filename, content_type,
// url, thumbnail_url, taken_at}]}]}.
export const listTaskEvents = (id) => api.get(`/api/v1/tasks/${enc(id)}/events`);
export const setMilestoneDone = (id, milestoneId, done) =>
  api.post(`/api/v1/tasks/${enc(id)}/milestones/${enc(milestoneId)}/done`, { done });

export const listReports = (id) => api.get(`/api/v1/tasks/${enc(id)}/reports`);
export const createReport = (id, payload) => api.post(`/api/v1/tasks/${enc(id)}/reports`, payload);
// One file per call, the raw bytes as the body and the name in the query.
export const uploadAttachment = (reportId, file, onProgress) =>
  upload(`/api/v1/reports/${enc(reportId)}/attachments`, file, {
    query: { filename: file.name },
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });
// A file on the task itself (evidence for a workflow action), same shape.
export const uploadTaskFile = (taskId, file, onProgress) =>
  upload(`/api/v1/tasks/${enc(taskId)}/attachments`, file, {
    query: { filename: file.name },
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });
export const attachmentUrl = (id) => `/api/v1/attachments/${enc(id)}`;

// 催报 (campaign office).
export const requestReport = (id, payload) => api.post(`/api/v1/tasks/${enc(id)}/report-requests`, payload);
export const listReportRequests = (query) => api.get('/api/v1/report-requests', query);
// 一键催报: {task_ids, due_date, message, allow_second} → {created, skipped, items}.
export const requestReports = (payload) => api.post('/api/v1/report-requests', payload);

// Download links (the session cookie authenticates a plain GET).
export const taskExportUrl = (query) => buildUrl('/api/v1/tasks/export.xlsx', query);
export const overdueExportUrl = (query) => buildUrl('/api/v1/tasks/overdue.xlsx', query);

// Overdue tasks in the caller's scope counted per owner unit ({items: [{owner_unit_id,
// owner_unit_name, count, earliest_deadline, most_working_days_overdue}], total});
// query: campaign_id, work_area_id. Each count is the overdue list's total for that unit.
export const overdueByUnit = (query) => api.get('/api/v1/tasks/overdue-by-unit', query);
