// The station registry's page (views/StationsView.vue) and its dialog
// (components/air/AirStationDialog.vue): the registration form's values as a
// request and back, the list's filter, and the numbers laid out. The kinds and
// their labels are the server's (GET /aq/stations `kinds`); whether a value is
// acceptable is the server's to say. (Named air… so that it stays in the air
// module's route chunk, see vite.config.js.)
import { locationModel, locationPayload } from './ledgerFields.js';

// The pollutants of a station's limits, as the API names them, and the unit
// their readings (and so their limits) come in: µg/m³, CO mg/m³ (docs/aq.md).
export const LIMIT_POLLUTANTS = [
  { key: 'so2', label: 'SO₂', unit: 'µg/m³' },
  { key: 'no2', label: 'NO₂', unit: 'µg/m³' },
  { key: 'co', label: 'CO', unit: 'mg/m³' },
  { key: 'o3', label: 'O₃', unit: 'µg/m³' },
  { key: 'pm10', label: 'PM10', unit: 'µg/m³' },
  { key: 'pm25', label: 'PM2.5', unit: 'µg/m³' },
];

/** A kind's label from the server's kinds ({code, label: {zh-CN, en}}); the code when unknown. */
export function kindLabel(kinds, code, locale) {
  const k = (kinds || []).find((x) => x.code === code);
  if (!k) return String(code ?? '');
  return k.label?.[locale] || k.label?.['zh-CN'] || k.code;
}

/** "114.338900, 34.778100" → "114.3389, 34.7781": a stored (WGS-84) point to six decimals; '' for none. */
export function coordsText(location) {
  if (!location || !Number.isFinite(location.lng) || !Number.isFinite(location.lat)) return '';
  const six = (v) => String(Number(v.toFixed(6)));
  return `${six(location.lng)}, ${six(location.lat)}`;
}

/** A station's limits as [{key, label, unit, value}] in the pollutants' order, only those set. */
export function limitItems(limits) {
  return LIMIT_POLLUTANTS.filter((p) => limits && limits[p.key] !== undefined && limits[p.key] !== null).map((p) => ({ ...p, value: limits[p.key] }));
}

/**
 * The stations a filter lets through: `kind` (a code or ''), `unitId` (the
 * station's own unit; null for all), `q` (a part of the code or name, any case).
 */
export function filterStations(stations, { kind = '', unitId = null, q = '' } = {}) {
  const text = String(q || '')
    .trim()
    .toLowerCase();
  return (stations || []).filter(
    (s) =>
      (!kind || s.kind === kind) &&
      (unitId === null || unitId === undefined || unitId === '' || s.unit_id === unitId) &&
      (!text || String(s.code).toLowerCase().includes(text) || String(s.name).toLowerCase().includes(text)),
  );
}

/** The units the stations are in, [{id, name}] by name, for the unit filter. */
export function stationUnits(stations) {
  const byId = new Map();
  for (const s of stations || []) if (s.unit_id !== null && s.unit_id !== undefined && !byId.has(s.unit_id)) byId.set(s.unit_id, s.unit || `#${s.unit_id}`);
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => collator.compare(a.name, b.name));
}

// What the dialog does with the HJ 212 password of a station being edited:
// keep it (the request leaves the field out), set a new one, or remove it (null).
export const PASSWORD_KEEP = 'keep';
export const PASSWORD_SET = 'set';
export const PASSWORD_REMOVE = 'remove';

const text = (v) => (v === null || v === undefined ? '' : String(v));

/** The form's model for a station (or a new one of `kind`). */
export function stationModel(s, { kind = '' } = {}) {
  return {
    code: s?.code || '',
    name: s?.name || '',
    kind: s?.kind || kind,
    unit_id: s?.unit_id ?? null,
    enterprise_id: s?.enterprise_id ?? null,
    location: locationModel(s?.location),
    limits: Object.fromEntries(LIMIT_POLLUTANTS.map((p) => [p.key, text(s?.limits?.[p.key])])),
    active: s ? Boolean(s.active) : true,
    password_mode: s ? PASSWORD_KEEP : PASSWORD_SET,
    hj212_password: '',
  };
}

// An empty box is no limit; anything else goes as typed, a number when it
// reads as one (the server judges it: a word comes back as its field's error).
function limitValue(v) {
  const s = String(v ?? '').trim();
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

/**
 * The request's body from the form: the whole station (an edit replaces
 * every field but the code, so nothing is left out but the code and, when
 * kept, the password). `editing`: no code; the password as its mode says
 * (kept: absent, removed: null, set: the text). Registering: the password
 * only when one is typed.
 */
export function stationPayload(m, { editing = false } = {}) {
  const limits = {};
  for (const p of LIMIT_POLLUTANTS) {
    const v = limitValue(m.limits?.[p.key]);
    if (v !== undefined) limits[p.key] = v;
  }
  const body = {
    name: String(m.name || '').trim(),
    kind: m.kind,
    unit_id: m.unit_id ?? null,
    enterprise_id: m.enterprise_id ?? null,
    location: locationPayload(m.location),
    limits,
    active: Boolean(m.active),
  };
  if (!editing) {
    body.code = String(m.code || '').trim();
    if (m.hj212_password) body.hj212_password = m.hj212_password;
    return body;
  }
  if (m.password_mode === PASSWORD_REMOVE) body.hj212_password = null;
  else if (m.password_mode === PASSWORD_SET) body.hj212_password = m.hj212_password;
  return body;
}

/** The form's key for a field the server names ("limits.so2", "location.lng" → "location"); null for none. */
export function stationFieldKey(field) {
  if (['code', 'name', 'kind', 'unit_id', 'enterprise_id', 'hj212_password', 'active'].includes(field)) return field;
  if (field === 'location' || field.startsWith('location.')) return 'location';
  if (/^limits\.(so2|no2|co|o3|pm10|pm25)$/.test(field)) return field;
  if (field === 'limits') return 'limits';
  return null;
}
