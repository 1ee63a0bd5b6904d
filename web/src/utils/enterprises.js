// The enterprise registry as the server describes it: statuses with their
// labels ({code, label_zh, label_en}, sent with the lists and the file),
// the evidence of a suspected relocation (reason codes), the list's filters
// as a query and back, and the register/edit form's values as a request.
// Nothing here decides what a reader may do: the server's `actions` do.
import { DATUMS } from './ledgerFields.js';

/** A status's label in `locale` from the server's statuses (the code when unknown). */
export function statusLabel(statuses, code, locale) {
  const s = (statuses || []).find((x) => x.code === code);
  if (!s) return String(code ?? '');
  return (locale === 'en' ? s.label_en : s.label_zh) || s.label_zh || s.code;
}

/** A status's colour (CSS hex) from the server's statuses; grey when unknown. */
export const statusColor = (statuses, code) => (statuses || []).find((x) => x.code === code)?.color || '#909399';

/**
 * One reason of a suspected relocation as shown: {key, text}. The server
 * sends "credit_code", "phone", "legal_rep" (the same in both) and
 * "name:0.86" (how alike the names are); `t` is vue-i18n's translate.
 */
export function reasonText(reason, t) {
  const m = /^name:([0-9.]+)$/.exec(String(reason || ''));
  if (m) return { key: 'name', text: t('relocation.reasons.name', { percent: Math.round(Number(m[1]) * 100) }) };
  const key = String(reason || '');
  const known = ['credit_code', 'phone', 'legal_rep'].includes(key);
  return { key, text: known ? t(`relocation.reasons.${key}`) : key };
}

/** A field's label, of an enterprise or a banned one. */
export const bannedFieldLabel = (field, t) => (['origin', 'banned_on', 'reason'].includes(field) ? t(`banned.fields.${field}`) : t(`enterprises.fields.${field}`));

/** The score (0..1) as a whole percentage. */
export const scorePercent = (score) => Math.round(Number(score || 0) * 100);

/**
 * The identity fields read side by side in an alert: [{field, candidate,
 * banned, matched}], `matched` true where the server's reasons say the two
 * agree (credit_code, phone, legal_rep: compared by the server, normalised).
 */
export const IDENTITY_FIELDS = ['name', 'credit_code', 'legal_rep', 'phone', 'address'];
export function identityRows(candidate, banned, reasons) {
  const agreed = new Set(reasons || []);
  return IDENTITY_FIELDS.map((f) => ({
    field: f,
    candidate: candidate?.[f] ?? '',
    banned: banned?.[f] ?? '',
    matched: agreed.has(f),
  }));
}

// The list's filters as they stand in the URL: q, unit_id, status (comma
// list), page.
export function listQuery({ q, unitId, statuses, page, perPage }) {
  const out = {};
  if (q && q.trim()) out.q = q.trim();
  if (unitId) out.unit_id = unitId;
  if (statuses && statuses.length) out.status = statuses.join(',');
  if (page && page > 1) out.page = page;
  if (perPage) out.per_page = perPage;
  return out;
}
export function filtersFromQuery(query) {
  return {
    q: query.q ? String(query.q) : '',
    unitId: query.unit_id ? Number(query.unit_id) : null,
    statuses: query.status ? String(query.status).split(',').filter(Boolean) : [],
    page: query.page ? Math.max(1, Number(query.page) || 1) : 1,
  };
}

// The text members of an enterprise as the form holds them.
export const TEXT_FIELDS = ['name', 'credit_code', 'legal_rep', 'phone', 'address', 'industry_code', 'grid'];

/** The form's model for an enterprise (or a new one in `unitId`). */
export function enterpriseModel(e, { unitId = null, status = '' } = {}) {
  const m = {};
  for (const f of TEXT_FIELDS) m[f] = e?.[f] ?? '';
  m.unit_id = e?.unit_id ?? unitId;
  m.status = e?.status ?? status;
  m.location = { lng: e?.location?.lng ?? null, lat: e?.location?.lat ?? null, datum: e?.location ? 'wgs84' : DATUMS[0] };
  return m;
}

const blank = (v) => v === null || v === undefined || String(v).trim() === '';
const hasPoint = (loc) => Boolean(loc) && Number.isFinite(loc.lng) && Number.isFinite(loc.lat);

/**
 * The request for a form's values: a new enterprise gets every field given
 * (blank ones left out); an edit only what changed against `before`, a text
 * emptied or a point removed as null (the server clears it).
 */
export function enterprisePayload(m, before = null) {
  const out = {};
  for (const f of TEXT_FIELDS) {
    const v = blank(m[f]) ? null : String(m[f]).trim();
    if (!before) {
      if (v !== null) out[f] = v;
    } else if (v !== (blank(before[f]) ? null : String(before[f]))) {
      out[f] = v;
    }
  }
  if (!before || m.unit_id !== before.unit_id) {
    if (m.unit_id) out.unit_id = m.unit_id;
  }
  if (m.status && (!before || m.status !== before.status)) out.status = m.status;
  const point = hasPoint(m.location) ? { lng: m.location.lng, lat: m.location.lat, datum: m.location.datum || 'wgs84' } : null;
  if (!before) {
    if (point) out.location = point;
  } else {
    const was = before.location;
    const moved = point ? !was || point.datum !== 'wgs84' || point.lng !== was.lng || point.lat !== was.lat : Boolean(was);
    if (moved) out.location = point;
  }
  return out;
}
