// Small helpers of the air-quality dashboard (views/AirQualityView.vue). The
// server says what every AQI means (level, category, colour) and ranks and
// measures progress; these only pick its words for the reader's language and
// lay its numbers out.

// A station without an hour in the past day (or whose hour has no AQI) is
// drawn grey: the level colours are the server's, this one is the page's.
export const NO_DATA_COLOUR = '#9aa0a6';

/** A category as the server sends it ({zh-CN, en}) in `locale`; '' for none. */
export function categoryText(category, locale) {
  if (!category) return '';
  return category[locale] || category['zh-CN'] || '';
}

/** Primary pollutants as the server joins them ("PM2.5;PM10") for reading. */
export function primaryText(primary, locale) {
  if (!primary) return '';
  return primary.split(';').join(locale === 'zh-CN' ? '、' : ', ');
}

/** A number or '—' for a missing one (null: the server had no valid value). */
export function valueText(v, digits = null) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return digits === null ? String(v) : Number(v).toFixed(digits);
}

/**
 * The text colour that reads on a level's colour (the AQI inside a station's
 * circle): dark on the light levels (the yellow of 良), white on the others.
 */
export function textOn(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(String(hex || ''));
  if (!m) return '#fff';
  const n = parseInt(m[1], 16);
  const luminance = (0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
  return luminance > 0.6 ? '#1f2329' : '#fff';
}

// Hours are named by their end in Beijing time, "YYYY-MM-DDTHH:MM:SS" without
// a zone; they are shifted here as plain UTC instants so the browser's zone
// never enters.
const asInstant = (time) => Date.parse(`${time}Z`);
const asHour = (ms) => new Date(ms).toISOString().slice(0, 19);

/** {from, to} of the `n` hours ending at the hour `end` (the hours API's window). */
export function hoursEndingAt(end, n) {
  const t = asInstant(end);
  if (Number.isNaN(t)) return {};
  return { from: asHour(t - (n - 1) * 3600000), to: asHour(t) };
}

/** "2017-12-19T12:00:00" → "12-19 12:00" (the hour's end, Beijing time, as sent). */
export const shortHour = (time) => (time ? `${time.slice(5, 10)} ${time.slice(11, 16)}` : '');
/** "2017-12-19T12:00:00" → "2017-12-19 12:00". */
export const hourText = (time) => (time ? `${time.slice(0, 10)} ${time.slice(11, 16)}` : '');

/** Escapes text for the HTML of a Leaflet popup. */
export const escapeHtml = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Only a '#rrggbb' colour goes into inline HTML. */
export const safeColour = (hex, fallback) => (/^#[0-9a-f]{3,8}$/i.test(String(hex || '')) ? hex : fallback);
