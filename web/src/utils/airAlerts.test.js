import { describe, expect, it } from 'vitest';
import { beijingTime, complianceRate, csvPosition, labelText, levelOf } from './airAlerts.js';

describe('alert helpers', () => {
  it('a picked wall time is Beijing time for the server; empty stays empty (the server’s now)', () => {
    expect(beijingTime('2017-12-20T10:00:00')).toBe('2017-12-20T10:00:00+08:00');
    expect(beijingTime('2017-12-20T02:00:00Z')).toBe('2017-12-20T02:00:00Z');
    expect(beijingTime('')).toBe('');
  });
  it('reads a CSV error’s line and column', () => {
    expect(csvPosition('csv:3:2')).toEqual({ line: 3, column: 2 });
    expect(csvPosition('days[0].aqi')).toBeNull();
  });
  it('the compliance rate is of the checked ones', () => {
    expect(complianceRate({ total: 6, pending: 3, compliant: 2, violation: 1 })).toBe(67);
    expect(complianceRate({ total: 2, pending: 2, compliant: 0, violation: 0 })).toBeNull();
  });
  it('labels in the reader’s language, a level by code', () => {
    expect(labelText({ 'zh-CN': '黄色预警', en: 'Yellow alert' }, 'en')).toBe('Yellow alert');
    expect(labelText(null, 'en', 'yellow')).toBe('yellow');
    expect(levelOf({ levels: [{ code: 'red' }] }, 'red')).toEqual({ code: 'red' });
    expect(levelOf({ levels: [] }, 'red')).toBeNull();
  });
});
