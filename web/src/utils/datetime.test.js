import { describe, expect, it } from 'vitest';
import { formatDateTime, shanghaiDayEndUtc, shanghaiDayStartUtc } from './datetime.js';

describe('formatDateTime (Asia/Shanghai)', () => {
  it('runs in a non-Beijing zone (set in vite.config.js) so the checks mean something', () => {
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).not.toBe(-480);
  });

  it('shows UTC instants in Beijing time as YYYY-MM-DD HH:mm:ss', () => {
    expect(formatDateTime('2026-11-30T07:15:30.123Z')).toBe('2026-11-30 15:15:30');
  });

  it('rolls over the date at Beijing midnight', () => {
    expect(formatDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00');
    expect(formatDateTime('2026-12-31T15:59:59Z')).toBe('2026-12-31 23:59:59');
  });

  it('uses a 24-hour clock', () => {
    expect(formatDateTime('2026-06-01T12:05:09Z')).toBe('2026-06-01 20:05:09');
  });

  it('accepts Date objects and returns empty text for missing or invalid values', () => {
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02 11:04:05');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });
});

describe('Beijing calendar days as UTC bounds', () => {
  it('maps a picked day to its UTC start and end', () => {
    expect(shanghaiDayStartUtc('2026-11-30')).toBe('2026-11-29T16:00:00.000Z');
    expect(shanghaiDayEndUtc('2026-11-30')).toBe('2026-11-30T15:59:59.999Z');
    expect(shanghaiDayStartUtc('')).toBe('');
  });
});
