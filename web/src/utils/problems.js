// Supervision problems (督办问题) as the pages show and send them. Nothing here
// knows a state, a source, a type or an action by name: those are the
// server's (GET /workflows/problem, /problem-rules, each problem's `actions`).
// What is here is the plumbing: the list's filters between the URL, the API
// and the saved filter sets; the inputs an action's definition asks for and
// the body they make; the photo checks as marks; the history with the
// escalations among the moves.
import { locationPayload } from './ledgerFields.js';

// ---------------------------------------------------------------- filters

// The list's filters. The URL and the API name them alike (status is a comma
// list, overdue "true"), so a link, a reload and a saved filter set all carry
// the same query.
export const emptyFilters = () => ({ status: [], unit_id: null, source: '', type: '', overdue: false, from: '', to: '', q: '' });

const idOf = (v) => (/^\d+$/.test(String(v ?? '')) ? Number(v) : null);
const dayOf = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(String(v ?? '')) ? String(v) : '');

/** The filters a route's query (or a saved set) names; anything else is left out. */
export function filtersFromQuery(query = {}) {
  const text = (v) => (Array.isArray(v) ? v[0] : v) ?? '';
  return {
    status: String(text(query.status)).split(',').filter(Boolean),
    unit_id: idOf(text(query.unit_id)),
    source: String(text(query.source)),
    type: String(text(query.type)),
    overdue: String(text(query.overdue)) === 'true',
    from: dayOf(text(query.from)),
    to: dayOf(text(query.to)),
    q: String(text(query.q)).trim(),
  };
}

/** The filters as query members (strings; empty ones left out): the URL's and the API's. */
export function filterQuery(f) {
  const q = {};
  if (f.status?.length) q.status = f.status.join(',');
  if (f.unit_id !== null && f.unit_id !== undefined && f.unit_id !== '') q.unit_id = String(f.unit_id);
  if (f.source) q.source = f.source;
  if (f.type) q.type = f.type;
  if (f.overdue) q.overdue = 'true';
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.q && f.q.trim()) q.q = f.q.trim();
  return q;
}

/** Whether any filter is set. */
export const hasFilters = (f) => Object.keys(filterQuery(f)).length > 0;

// Saved filter sets (“我的筛选”) live in this browser's localStorage, one list
// per user, keyed by the user's id (lantian.problemFilters.<user id>): two
// people sharing a computer each see their own, and a set does not follow its
// owner to another device (the server keeps no filter sets). Each set is
// {name, query} with the query as filterQuery gives it.
export const SAVED_FILTERS_PREFIX = 'lantian.problemFilters.';
export const MAX_SAVED_FILTERS = 20;

const store = () => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

/** The user's saved filter sets, newest last. */
export function readSavedFilters(userId) {
  if (!userId) return [];
  try {
    const list = JSON.parse(store()?.getItem(SAVED_FILTERS_PREFIX + userId) || '[]');
    return Array.isArray(list) ? list.filter((s) => s && typeof s.name === 'string' && s.query && typeof s.query === 'object') : [];
  } catch {
    return [];
  }
}

function writeSaved(userId, list) {
  try {
    store()?.setItem(SAVED_FILTERS_PREFIX + userId, JSON.stringify(list));
  } catch {
    /* storage full or disabled: the set lasts for this page only */
  }
  return list;
}

/** Saves `filters` under `name` (replacing a set of that name); returns the new list. */
export function saveFilterSet(userId, name, filters) {
  const title = String(name || '').trim();
  if (!userId || !title) return readSavedFilters(userId);
  const list = readSavedFilters(userId).filter((s) => s.name !== title);
  list.push({ name: title, query: filterQuery(filters) });
  return writeSaved(userId, list.slice(-MAX_SAVED_FILTERS));
}

/** Removes the set named `name`; returns the new list. */
export function removeFilterSet(userId, name) {
  return writeSaved(
    userId,
    readSavedFilters(userId).filter((s) => s.name !== name),
  );
}

// ---------------------------------------------------------------- actions

/**
 * What an action's definition (GET /workflows/problem actions[]) asks for:
 * its required fields (each drawn by the input for that field name), the
 * evidence kinds and whether a note is required.
 */
export function actionNeeds(action) {
  return {
    fields: [...(action?.required_fields || [])],
    evidence: [...(action?.evidence || [])],
    noteRequired: Boolean(action?.note_required),
  };
}

/** An action dialog's model, before anything is typed (the assignment's leaders are filled from the unit). */
export function actionModel(today = '') {
  return {
    note: '',
    unit_id: null,
    person_id: null,
    leader_party: '',
    leader_government: '',
    cooperating_unit_ids: [],
    deadline_kind: 'date',
    deadline: '',
    deadline_days: 5,
    extension_until: today || '',
    verifier_id: null,
    merged_into: null,
    location: { lng: null, lat: null, datum: 'wgs84' },
    extra: {},
  };
}

// The members each required field sends (the names of ProblemActionInput in
// docs/openapi.yaml). A field the app does not know is sent as typed.
const FIELD_MEMBERS = {
  unit_id: (m) => ({
    unit_id: m.unit_id,
    ...(m.person_id ? { person_id: m.person_id } : {}),
    leader_party: (m.leader_party || '').trim(),
    leader_government: (m.leader_government || '').trim(),
    cooperating_unit_ids: m.cooperating_unit_ids || [],
  }),
  deadline: (m) => {
    if (m.deadline_kind === 'working_days') return { deadline_kind: 'working_days', deadline_days: Number(m.deadline_days) || 0 };
    if (m.deadline_kind === 'immediate') return { deadline_kind: 'immediate' };
    return { deadline_kind: 'date', deadline: m.deadline || '' };
  },
  extension_until: (m) => ({ extension_until: m.extension_until || '' }),
  verifier_id: (m) => (m.verifier_id ? { verifier_id: m.verifier_id } : {}),
  merged_into: (m) => (m.merged_into ? { merged_into: m.merged_into } : {}),
  location: (m) => {
    const loc = locationPayload(m.location);
    return loc ? { location: loc } : {};
  },
};

/** Whether the app draws a dedicated input for a required field. */
export const knownField = (name) => name in FIELD_MEMBERS;

/**
 * The body of POST /problems/{id}/actions/{action}: the version the problem
 * was loaded at, the note, the files filed with the move and the members of
 * the action's required fields (and nothing else).
 */
export function actionBody(action, model, { version, files = [] } = {}) {
  const body = { version };
  const note = (model.note || '').trim();
  if (note) body.note = note;
  if (files.length) body.files = files;
  for (const name of actionNeeds(action).fields) {
    const members = FIELD_MEMBERS[name];
    if (members) Object.assign(body, members(model));
    else if (model.extra?.[name] !== undefined && model.extra[name] !== '') body[name] = model.extra[name];
  }
  return body;
}

/**
 * The form key a server field error belongs at: the required field's input
 * that sends it (person_id and the leaders belong to the assignment's unit
 * block), the note, the evidence; null for the dialog's other errors.
 */
export function actionErrorKey(field) {
  if (!field) return null;
  if (field === 'note' || field === 'files' || field === 'evidence') return field === 'files' ? 'evidence' : field;
  if (['unit_id', 'person_id', 'person_name', 'leader_party', 'leader_government', 'cooperating_unit_ids'].includes(field)) return field;
  if (field.startsWith('deadline')) return 'deadline';
  if (field === 'location' || field.startsWith('location.')) return 'location';
  if (['extension_until', 'verifier_id', 'merged_into', 'standard'].includes(field)) return field;
  return null;
}

// ---------------------------------------------------------------- photos

/**
 * The checks the server made on a photo (a file's `flags`) as marks for the
 * verifier, in a fixed order: [{code, params}] — no_exif, far (with the
 * distance in metres), before_assigned, reused (with the other problems' ids).
 */
export function photoMarks(flags) {
  if (!flags) return [];
  const marks = [];
  if (flags.no_exif) marks.push({ code: 'no_exif', params: {} });
  if (flags.far) marks.push({ code: 'far', params: { m: flags.distance_m ?? '?' } });
  if (flags.before_assigned) marks.push({ code: 'before_assigned', params: {} });
  if (flags.reused_on?.length) marks.push({ code: 'reused', params: { ids: flags.reused_on } });
  return marks;
}

/** The photos among a problem's files (with thumbnails), then the rest. */
export function splitFiles(files) {
  const photos = (files || []).filter((f) => f.kind === 'photo' && f.thumbnail_url);
  return { photos, documents: (files || []).filter((f) => !photos.includes(f)) };
}

// ---------------------------------------------------------------- history

/**
 * The history as the timeline draws it: the workflow's events (their
 * evidence ids as the problem's files) and the escalation steps the server
 * took (each an entry of its own, labelled by the caller's `escalationLabel`
 * ({step, days_overdue, deadline}) → {label, note}), in the order they
 * happened.
 */
export function problemHistory(events, files, escalations, escalationLabel) {
  const byId = Object.fromEntries((files || []).map((f) => [f.id, f]));
  const moves = (events || []).map((e) => ({ ...e, evidence: (e.evidence || []).map((x) => byId[x] || x) }));
  const steps = (escalations || []).map((s, i) => ({
    id: `escalation-${i}-${s.step}`,
    action: `escalation.${s.step}`,
    from: null,
    to: null,
    actor: null,
    at: s.at,
    evidence: [],
    color: '#f56c6c',
    escalation: true,
    ...escalationLabel(s),
  }));
  return [...moves, ...steps].sort((a, b) => String(a.at).localeCompare(String(b.at)));
}

// ---------------------------------------------------------------- lateness

/** Days from a deadline to today (server's), 0 when not past. */
export function daysLate(deadline, today) {
  if (!deadline || !today) return 0;
  const d = Date.parse(`${deadline}T00:00:00Z`);
  const t = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(d) || Number.isNaN(t) || t <= d) return 0;
  return Math.round((t - d) / 86400000);
}
