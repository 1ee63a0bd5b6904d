import { describe, expect, it } from 'vitest';
import { holidayBlocks, weekdayIndex } from './calendarDays.js';

describe('calendar days', () => {
  it('knows the weekday of a calendar day whatever the browser zone', () => {
    expect(weekdayIndex('2017-09-30')).toBe(6); // the make-up Saturday
    expect(weekdayIndex('2017-10-01')).toBe(0);
  });

  it('groups a year into holiday blocks with their make-up working days', () => {
    const name = '中秋节、国庆节';
    const days = [
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ day: `2017-10-${d}`, kind: 'off', holiday: name })),
      { day: '2017-09-30', kind: 'work', holiday: name },
      { day: '2017-01-01', kind: 'off', holiday: '元旦' },
      { day: '2017-01-02', kind: 'off', holiday: '元旦' },
    ];
    const blocks = holidayBlocks(days);
    expect(blocks.map((b) => b.holiday)).toEqual(['元旦', name]);
    const nd = blocks[1];
    expect([nd.first, nd.last, nd.off.length]).toEqual(['2017-10-01', '2017-10-08', 8]);
    expect(nd.work.map((d) => d.day)).toEqual(['2017-09-30']);
    expect(holidayBlocks([])).toEqual([]);
  });

  it('keeps the New Year days at both ends of a year apart', () => {
    const blocks = holidayBlocks([
      { day: '2017-01-01', kind: 'off', holiday: '元旦' },
      { day: '2017-01-02', kind: 'off', holiday: '元旦' },
      { day: '2017-12-30', kind: 'off', holiday: '元旦' },
      { day: '2017-12-31', kind: 'off', holiday: '元旦' },
    ]);
    expect(blocks.map((b) => [b.first, b.last, b.off.length])).toEqual([
      ['2017-01-01', '2017-01-02', 2],
      ['2017-12-30', '2017-12-31', 2],
    ]);
  });
});
