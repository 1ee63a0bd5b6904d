import { describe, expect, it } from 'vitest';
import { formatPercent, percentOf, progressColor } from './tasks.js';

describe('percentOf / formatPercent', () => {
  it('never rounds an unfinished task up to 100 %', () => {
    expect(percentOf(1971 / 2000)).toBe(98.5);
    expect(formatPercent(1971 / 2000)).toBe('98.5%');
    expect(percentOf(0.9999)).toBe(99.9);
    expect(percentOf(0.99999999)).toBe(99.9);
    expect(formatPercent(1)).toBe('100%');
  });
  it('truncates to one decimal without binary surprises', () => {
    expect(percentOf(0.29)).toBe(29);
    expect(percentOf(0.12345)).toBe(12.3);
    expect(percentOf(0.5)).toBe(50);
    expect(formatPercent(0.0004)).toBe('0%');
  });
  it('treats missing and out-of-range values as 0 or 100', () => {
    expect(percentOf(null)).toBe(0);
    expect(percentOf(undefined)).toBe(0);
    expect(percentOf(-0.2)).toBe(0);
    expect(percentOf(1.5)).toBe(100);
  });
});

describe('progressColor', () => {
  const done = { name: 'accepted', color: '#67C23A', open: false, done: true, frozen: true };
  const open = { name: 'in_progress', color: '#409EFF', open: true, done: false, frozen: false };
  it('is red when overdue, the state’s colour once the work is done, else the default', () => {
    expect(progressColor({ overdue: true }, open)).toBe('#d03030');
    expect(progressColor({ overdue: false }, done)).toBe('#67C23A');
    expect(progressColor({ overdue: false }, open)).toBe('');
    // Before the workflow definition is known: no colour from the status.
    expect(progressColor({ overdue: false }, null)).toBe('');
    expect(progressColor(null, done)).toBe('');
  });
});
