// Small helpers of the heavy-pollution alert console (views/AlertsView.vue,
// AlertView.vue, SpotChecksView.vue). The server decides every level,
// suggestion, action and status; these pick its words for the reader's
// language and lay its numbers out. (Named air… so that it stays in the air
// module's route chunk, see vite.config.js.)

/** A label as the server sends it ({zh-CN, en}) in `locale`; `fallback` for none. */
export function labelText(label, locale, fallback = '') {
  if (!label) return fallback;
  if (typeof label === 'string') return label;
  return label[locale] || label['zh-CN'] || fallback;
}

// A colour from the server, or the page's grey when it is not one.
export const colourOr = (hex, fallback = '#909399') => (/^#[0-9a-f]{3,8}$/i.test(String(hex || '')) ? hex : fallback);

/** The standard's level by code ({levels: [...]}); null when unknown or none. */
export function levelOf(standard, code) {
  if (!code || !standard) return null;
  return (standard.levels || []).find((l) => l.code === code) || null;
}

// The pollutants of the required cuts, in the standard's order.
export const REDUCTION_POLLUTANTS = ['so2', 'nox', 'pm', 'vocs'];

/**
 * A date-time picked as Beijing wall time ('2017-12-20T10:00:00') as the
 * server reads it (RFC 3339 with +08:00); '' stays '' (the server's now).
 */
export function beijingTime(local) {
  const s = String(local || '').trim();
  if (!s) return '';
  return /[zZ]|[+-]\d\d:\d\d$/.test(s) ? s : `${s}+08:00`;
}

/**
 * A CSV error's field as the import names it ("csv:LINE:COLUMN") → {line,
 * column}; null for any other field.
 */
export function csvPosition(field) {
  const m = /^csv:(\d+):(\d+)$/.exec(String(field || ''));
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/**
 * The compliance rate of spot checks as a whole percent of those checked
 * (compliant / (compliant + violation)); null when none is checked yet.
 */
export function complianceRate(counts) {
  const checked = (counts?.compliant || 0) + (counts?.violation || 0);
  if (!checked) return null;
  return Math.round((100 * counts.compliant) / checked);
}

/** Hours as days and hours for reading (30 → {d: 1, h: 6}). */
export function hoursParts(hours) {
  const n = Math.max(0, Math.trunc(Number(hours) || 0));
  return { d: Math.floor(n / 24), h: n % 24 };
}
