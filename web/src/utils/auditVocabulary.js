import { unref } from 'vue';
import { formatDateTime } from './datetime.js';
import { formatQuantity } from './tasks.js';
import { workflowLabel } from '../stores/workflows.js';

// Audit actions, entities and categories the server writes (see the
// record_audit(...) calls in src/app/*.cpp and the category table in
// src/app/audit.cpp). Used for the filter choices and for labels; values not
// listed here are still shown as they are.
export const AUDIT_CATEGORIES = ['task', 'report', 'campaign', 'unit', 'user', 'calendar', 'ledger', 'enterprise', 'problem'];
export const AUDIT_ENTITIES = [
  'task',
  'campaign',
  'work_area',
  'unit',
  'user',
  'session',
  'token',
  'calendar',
  'calendar_year',
  'calendar_day',
  'ledger_row',
  'inspection',
  'enterprise',
  'banned_enterprise',
  'relocation_alert',
  'problem',
];
// Workflow actions are audit actions too: they are named and labelled by the
// workflows' definitions (AUDIT_WORKFLOWS), not listed here.
export const AUDIT_WORKFLOWS = ['task', 'campaign', 'problem'];
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'disable',
  'enable',
  'milestone_done',
  'milestone_reopen',
  'report',
  'attach',
  'request_report',
  'import',
  'inspect',
  'link_ledger_count',
  'raise',
  'confirm',
  'dismiss',
  'seed',
  'login',
  'logout',
  'login_failed',
  'lockout',
  'password_change',
  'password_reset',
  'token_create',
  'token_revoke',
];

// Fields that are bookkeeping, not content: never listed.
const HIDDEN_FIELDS = new Set([
  'id',
  'version',
  'path',
  'depth',
  'created_at',
  'updated_at',
  'child_count',
  'sha256',
  'url',
  'sort_order',
]);

// Fields whose value is a code with a label, per entity ('*' = any entity).
// The value is the i18n prefix of the labels, or {workflow} for a state of
// that workflow (labelled by the server's definition, see stores/workflows.js).
const CODE_LABELS = {
  task: { status: { workflow: 'task' } },
  campaign: { status: { workflow: 'campaign' } },
  problem: { status: { workflow: 'problem' } },
  unit: { kind: 'unitKind' },
  user: { roles: 'roles' },
  calendar_day: { kind: 'calendar.kinds' },
  work_area: {},
};

// "owner_unit_id" is shown as the "owner_unit_name" next to it in the same
// record; a few ids carry their name under another member.
const NAME_OF = {
  cooperating_unit_ids: (rec) =>
    Array.isArray(rec.cooperating_units) ? rec.cooperating_units.map((u) => u.name).join('、') : undefined,
  responsible_user_id: (rec) => (rec.responsible_person && rec.responsible_person.name) || undefined,
  reported_by: (rec) => rec.reported_by_name || undefined,
};

/** The member of `rec` that names the id in `key`, or '' when there is none. */
export function nameKeyFor(key, rec) {
  if (!rec || typeof rec !== 'object') return '';
  if (key.endsWith('_id')) {
    const k = `${key.slice(0, -3)}_name`;
    if (k in rec) return k;
  }
  return '';
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isTimestamp = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);

/**
 * The keys of a record to list, in a reading order: those that name a
 * thing first (title, name), the rest as the server wrote them. Name members
 * shown in place of their ids and bookkeeping fields are left out.
 */
export function visibleKeys(...records) {
  const keys = [];
  const seen = new Set();
  for (const rec of records) {
    if (!isPlainObject(rec)) continue;
    for (const k of Object.keys(rec)) {
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  const named = new Set();
  for (const rec of records) {
    if (!isPlainObject(rec)) continue;
    for (const k of keys) {
      const nk = nameKeyFor(k, rec);
      if (nk) named.add(nk);
    }
    if ('cooperating_unit_ids' in rec) named.add('cooperating_units');
    if ('reported_by' in rec) named.add('reported_by_name');
    // The responsible person carries the account holder's name too.
    if ('responsible_person' in rec) named.add('responsible_user_id');
    // A task or work area never leaves its campaign; the entry says which task.
    if ('campaign_id' in rec && ('title' in rec || 'code' in rec)) named.add('campaign_id');
  }
  const first = ['title', 'name', 'code', 'day'];
  return keys
    .filter((k) => !HIDDEN_FIELDS.has(k) && !named.has(k))
    .sort((a, b) => {
      const ia = first.indexOf(a);
      const ib = first.indexOf(b);
      return (ia < 0 ? first.length : ia) - (ib < 0 ? first.length : ib);
    });
}

/** The label of a field in the UI language; the key itself if unknown. */
export function fieldLabel(i18n, entity, key) {
  const { t, te } = i18n;
  if (te(`audit.entityFields.${entity}.${key}`)) return t(`audit.entityFields.${entity}.${key}`);
  if (te(`audit.fields.${key}`)) return t(`audit.fields.${key}`);
  return key;
}

/** The workflows whose definitions label values of an entity's records. */
export function auditWorkflows(entity) {
  const codes = { ...(CODE_LABELS['*'] || {}), ...(CODE_LABELS[entity] || {}) };
  return Object.values(codes)
    .filter((v) => typeof v === 'object')
    .map((v) => v.workflow);
}

function codeLabel(i18n, prefix, code) {
  if (typeof prefix === 'object') return workflowLabel('state', code, unref(i18n.locale), prefix.workflow) || String(code);
  const key = `${prefix}.${code}`;
  return i18n.te(key) ? i18n.t(key) : String(code);
}

function personText(p) {
  if (!p.name && !p.phone) return '';
  return p.phone ? `${p.name || ''}（${p.phone}）` : p.name;
}

/**
 * One value of an audited record as a person reads it: names instead of
 * ids, labels instead of codes, Beijing times, 是/否 for booleans, '—' for
 * nothing. `rec` is the record the value comes from (for the names next to
 * ids); `entity` the audit entry's entity.
 */
export function formatAuditValue(i18n, entity, key, value, rec = {}) {
  const { t } = i18n;
  const empty = '—';
  if (value === null || value === undefined || value === '') return empty;
  const codes = { ...(CODE_LABELS['*'] || {}), ...(CODE_LABELS[entity] || {}) };
  if (codes[key]) {
    if (Array.isArray(value)) return value.map((v) => codeLabel(i18n, codes[key], v)).join('、') || empty;
    return codeLabel(i18n, codes[key], value);
  }
  if (NAME_OF[key]) {
    const name = NAME_OF[key](rec);
    if (name !== undefined && name !== '') return name;
  }
  const nk = nameKeyFor(key, rec);
  if (nk && rec[nk]) return rec[nk];
  // An id with no name beside it (a parent task): its number.
  if (key.endsWith('_id') && typeof value === 'number') return `#${value}`;
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (key === 'progress' || key === 'percent') {
    // progress is a fraction (0..1), a report's percent already a percentage.
    const n = Number(value);
    const pct = key === 'progress' ? n * 100 : n;
    return `${formatQuantity(Math.round(pct * 10) / 10)}%`;
  }
  if (key === 'size_bytes') return formatBytes(Number(value));
  if (isTimestamp(value)) return formatDateTime(value);
  if (typeof value === 'number') return formatQuantity(value);
  if (Array.isArray(value)) {
    if (!value.length) return empty;
    return value.map((v) => formatItem(i18n, entity, key, v)).join('；');
  }
  if (isPlainObject(value)) {
    if ('name' in value && 'phone' in value && Object.keys(value).length <= 3) return personText(value) || empty;
    return formatItem(i18n, entity, key, value);
  }
  return String(value);
}

// One element of a list member (milestones, targets, documents, contacts,
// cooperating units, the days of a calendar year, report files).
function formatItem(i18n, entity, key, v) {
  if (!isPlainObject(v)) return typeof v === 'number' ? formatQuantity(v) : String(v);
  if (v.day && v.kind) {
    // A day of the holiday calendar: "2017-10-01 休 国庆节".
    const kind = codeLabel(i18n, 'calendar.kinds', v.kind);
    return [key === v.day ? '' : v.day, kind, v.holiday, v.notice].filter(Boolean).join(' ');
  }
  if (key === 'milestones') {
    const done = v.done_at ? ` ✓${v.done_at}` : '';
    return `${v.title}（${v.deadline}）${done}`;
  }
  if (key === 'targets') {
    const unit = v.unit ? ` ${v.unit}` : '';
    const from = v.baseline !== null && v.baseline !== undefined ? `${formatQuantity(v.baseline)} → ` : '';
    const to = v.target !== null && v.target !== undefined ? formatQuantity(v.target) : '';
    return `${v.name}：${from}${to}${unit}`;
  }
  if (key === 'documents') return [v.title, v.number, v.date].filter(Boolean).join(' ');
  if (key === 'contacts') return [v.name, v.title, v.phone].filter(Boolean).join(' ');
  if (key === 'attachments' && v.filename) return v.filename;
  if ('name' in v) return v.name;
  if ('title' in v) return v.title;
  return JSON.stringify(v);
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatQuantity(Math.round((n / 1024) * 10) / 10)} KB`;
  return `${formatQuantity(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
}

// A calendar year is recorded as its list of days: one row per day.
const isDayList = (v) => Array.isArray(v) && v.every((d) => isPlainObject(d) && d.day);
function asRecord(v) {
  if (isPlainObject(v)) return v;
  if (isDayList(v)) return Object.fromEntries(v.map((d) => [d.day, d]));
  return null;
}

/**
 * The rows of the before/after table of one audit entry: every listed field
 * with its label, the old and new value as text, and whether it changed.
 * For an update only changed fields are `changed`; the caller may hide the
 * others. Non-object before/after (nothing, or a bare value) give no rows.
 */
export function auditRows(i18n, entity, before, after) {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) return [];
  let keys = visibleKeys(b, a);
  if (isDayList(before) || isDayList(after)) keys = keys.sort();
  return keys.map((key) => {
    const has = (rec) => rec && key in rec;
    const beforeText = has(b) ? formatAuditValue(i18n, entity, key, b[key], b) : '';
    const afterText = has(a) ? formatAuditValue(i18n, entity, key, a[key], a) : '';
    const changed = Boolean(b && a) && JSON.stringify(b[key]) !== JSON.stringify(a[key]) && beforeText !== afterText;
    return { key, label: fieldLabel(i18n, entity, key), before: beforeText, after: afterText, changed };
  });
}

/**
 * What an entry is about, in words: the task's title, the unit's or user's
 * name, the day — taken from the record itself; '' when it names nothing.
 */
export function auditSubject(entry) {
  const rec = isPlainObject(entry.after) ? entry.after : isPlainObject(entry.before) ? entry.before : {};
  if (entry.entity === 'task') {
    // A report or request is recorded on the task, with its own record.
    return rec.task_title || rec.title || '';
  }
  if (entry.entity === 'user') return rec.name ? `${rec.name}${rec.username ? `（${rec.username}）` : ''}` : '';
  if (entry.entity === 'calendar_day') return entry.entity_id;
  if (entry.entity === 'calendar_year') return entry.entity_id;
  // A supervision problem by its number and title.
  if (entry.entity === 'problem') return [rec.number, rec.title].filter(Boolean).join(' ');
  return rec.name || rec.title || '';
}
