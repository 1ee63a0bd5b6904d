// The server speaks UTC; district staff think in Beijing time whatever the
// browser's own zone is (laptops bought abroad, phones set to UTC), so the
// zone is fixed rather than taken from the browser.
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** '2026-11-30T07:15:30.123Z' → '2026-11-30 15:15:30'; '' for empty or invalid input. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  // formatToParts instead of the formatted string: locales differ in
  // separators, the parts do not.
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * A calendar day picked in the UI ('2026-11-30') is a Beijing day; the API
 * filters on UTC instants. Beijing has no daylight saving, so the offset is a
 * constant +08:00.
 */
export function shanghaiDayStartUtc(day) {
  if (!day) return '';
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

export function shanghaiDayEndUtc(day) {
  if (!day) return '';
  return new Date(`${day}T23:59:59.999+08:00`).toISOString();
}

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Beijing as 'YYYY-MM-DD' (report dates, deadlines). */
export function todayShanghai(now = new Date()) {
  const parts = Object.fromEntries(dayFormatter.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whole days from a to b ('YYYY-MM-DD'), calendar days, b − a. */
export function daysBetween(a, b) {
  const da = Date.parse(`${a}T00:00:00Z`);
  const db = Date.parse(`${b}T00:00:00Z`);
  if (Number.isNaN(da) || Number.isNaN(db)) return 0;
  return Math.round((db - da) / 86400000);
}

/** Adds n calendar days to 'YYYY-MM-DD'. */
export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * A photo's EXIF time ("YYYY-MM-DDTHH:MM:SS", the camera's local time with no
 * zone) as "YYYY-MM-DD HH:MM", shown as the camera wrote it; '' when none.
 */
export const takenAtText = (file) => (file?.taken_at ? file.taken_at.replace('T', ' ').slice(0, 16) : '');
