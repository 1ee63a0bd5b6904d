// A ledger type's fields as the server declares them (GET /api/v1/ledger-types:
// fields [{name, label, type, required, unit, min, max, max_length, choices,
// help}], builtins [{name, label}]), turned into what the pages show and send.
// Nothing here checks a value: the server's field errors do (422 naming
// "fields.<name>").
import { labelIn } from '../stores/workflows.js';
import { formatDateTime } from './datetime.js';

export const NUMBER_TYPES = new Set(['integer', 'decimal']);

/** A declared field of the type by name, or null (a built-in or unknown). */
export const fieldOf = (type, name) => (type?.fields || []).find((f) => f.name === name) || null;

/** The label of a field or built-in (unit, enterprise, location, status, updated_at) in `locale`. */
export function columnLabel(type, name, locale) {
  const item = fieldOf(type, name) || (type?.builtins || []).find((b) => b.name === name);
  return labelIn(item?.label, locale, name);
}

/** A choice's label by code in `locale` (the code when the type has no such choice). */
export function choiceLabel(field, code, locale) {
  const c = (field?.choices || []).find((x) => x.code === code);
  return c ? labelIn(c.label, locale, code) : String(code ?? '');
}

const isBlank = (v) => v === null || v === undefined || v === '';

/** Rounds away float noise (2E0 → 2, 0.30000000000000004 → 0.3). */
const numberText = (n) => String(Number(Number(n).toPrecision(12)));

/**
 * A stored value as text for a field: yes/no, the choice's label, a number
 * with the field's unit, the date or text as stored; '' when there is none.
 * `t` is vue-i18n's translate (for yes/no).
 */
export function displayValue(field, value, locale, t) {
  if (isBlank(value)) return '';
  if (!field) return String(value);
  switch (field.type) {
    case 'boolean':
      return value === true || value === 'true' ? t('common.yes') : t('common.no');
    case 'choice':
      return choiceLabel(field, value, locale);
    case 'integer':
    case 'decimal': {
      const text = Number.isFinite(Number(value)) ? numberText(value) : String(value);
      return field.unit ? `${text} ${field.unit}` : text;
    }
    default:
      return String(value);
  }
}

/** "lng, lat" with six decimals (about 0.1 m), or ''. */
export function formatLocation(loc) {
  if (!loc || !Number.isFinite(Number(loc.lng)) || !Number.isFinite(Number(loc.lat))) return '';
  return `${Number(loc.lng).toFixed(6)}, ${Number(loc.lat).toFixed(6)}`;
}

/** What a list cell or card line shows for column `name` of a row (status is drawn as a tag). */
export function cellText(type, row, name, locale, t) {
  switch (name) {
    case 'unit':
      return row.unit?.name || '';
    case 'enterprise':
      return row.enterprise?.name || '';
    case 'location':
      return formatLocation(row.location);
    case 'updated_at':
      return formatDateTime(row.updated_at);
    case 'status':
      return row.status || '';
    default:
      return displayValue(fieldOf(type, name), row.fields?.[name], locale, t);
  }
}

/**
 * How a list filter is asked for: 'status' (the workflow's states), 'unit'
 * (UnitPicker), 'choice' and 'boolean' (a select), 'date' (a date), else
 * 'text'.
 */
export function filterKind(type, name) {
  if (name === 'status' || name === 'unit') return name;
  const f = fieldOf(type, name);
  if (!f) return 'text';
  if (f.type === 'choice' || f.type === 'boolean' || f.type === 'date') return f.type;
  return 'text';
}

/**
 * The list query for a filter model {status: [..], unit: id, <field>: value}:
 * status as a comma list, unit as unit_id, each field as f.<name>; empty
 * filters are left out.
 */
export function filterQuery(type, model) {
  const q = {};
  for (const name of type?.list?.filters || []) {
    const v = model[name];
    if (isBlank(v) || (Array.isArray(v) && !v.length)) continue;
    if (name === 'status') q.status = [].concat(v).join(',');
    else if (name === 'unit') q.unit_id = v;
    else q[`f.${name}`] = String(v);
  }
  return q;
}

/** The filter model back from a route query (the inverse of filterQuery). */
export function filterModel(type, query) {
  const m = {};
  for (const name of type?.list?.filters || []) {
    if (name === 'status') m.status = query.status ? String(query.status).split(',').filter(Boolean) : [];
    else if (name === 'unit') m.unit = query.unit_id ? Number(query.unit_id) : null;
    else m[name] = query[`f.${name}`] ?? '';
  }
  return m;
}

/** A form's value for a field from a stored one (numbers stay numbers, missing is null). */
export function formValue(field, value) {
  if (isBlank(value)) return null;
  if (NUMBER_TYPES.has(field.type)) return Number.isFinite(Number(value)) ? Number(value) : value;
  return value;
}

/** A typed value as sent: text trimmed, blank as null. */
export function sentValue(value) {
  if (typeof value === 'string') {
    const v = value.trim();
    return v === '' ? null : v;
  }
  return value === undefined ? null : value;
}

/**
 * The `fields` member of a request from a form's values for `names`; with
 * `before` (the stored values) only those that changed.
 */
export function fieldsPayload(names, values, before = null) {
  const out = {};
  for (const name of names) {
    const v = sentValue(values[name]);
    if (before) {
      const was = isBlank(before[name]) ? null : before[name];
      if (v === was || (v !== null && was !== null && String(v) === String(was))) continue;
    }
    if (!before && v === null) continue;
    out[name] = v;
  }
  return out;
}

// The datums a location may be typed in; the server stores WGS-84.
export const DATUMS = ['wgs84', 'gcj02', 'bd09'];

/** A location form model from a stored location (WGS-84) or none. */
const round6 = (v) => (v === null || v === undefined ? null : Number(Number(v).toFixed(6)));
export const locationModel = (loc) => ({ lng: round6(loc?.lng), lat: round6(loc?.lat), datum: 'wgs84' });

/** The request's `location`: null when both are blank, else {lng, lat, datum} (the server judges the rest). */
export function locationPayload(m) {
  const blank = (v) => v === null || v === undefined || v === '';
  if (!m || (blank(m.lng) && blank(m.lat))) return null;
  return { lng: blank(m.lng) ? null : Number(m.lng), lat: blank(m.lat) ? null : Number(m.lat), datum: m.datum || 'wgs84' };
}

/** Whether a location model differs from the stored location (both in WGS-84 when untouched). */
export function locationChanged(m, stored) {
  const now = locationPayload(m);
  if (!now || !stored) return Boolean(now) !== Boolean(stored);
  return now.datum !== 'wgs84' || Math.abs(now.lng - stored.lng) > 1e-6 || Math.abs(now.lat - stored.lat) > 1e-6;
}

// A date filter's text as the server takes it ("2017-10-01..2017-10-31")
// as a date range picker's pair of days, and back. A single day (an older
// link) is a range of that day; an open side cannot be shown (null).
export function dateRangeOf(text) {
  if (!text) return null;
  const [from, to] = String(text).includes('..') ? String(text).split('..') : [text, text];
  return from && to ? [from, to] : null;
}
export const dateRangeText = (pair) => (pair && pair[0] && pair[1] ? `${pair[0]}..${pair[1]}` : '');
