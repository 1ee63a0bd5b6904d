import { describe, expect, it } from 'vitest';
import { categoryText, escapeHtml, hoursEndingAt, primaryText, safeColour, textOn, valueText } from './airQuality.js';

describe('air-quality helpers', () => {
  it('counts hours back from an hour end as written, across days and months, in any browser zone', () => {
    // Vitest runs in America/New_York (vite.config.js): a zone slip would show here.
    expect(hoursEndingAt('2017-12-19T12:00:00', 48)).toEqual({ from: '2017-12-17T13:00:00', to: '2017-12-19T12:00:00' });
    expect(hoursEndingAt('2018-03-01T00:00:00', 24)).toEqual({ from: '2018-02-28T01:00:00', to: '2018-03-01T00:00:00' });
    expect(hoursEndingAt('', 24)).toEqual({});
  });
  it('takes the server’s words for the reader’s language', () => {
    expect(categoryText({ 'zh-CN': '良', en: 'good' }, 'en')).toBe('good');
    expect(categoryText({ 'zh-CN': '良' }, 'en')).toBe('良');
    expect(categoryText(null, 'en')).toBe('');
    expect(primaryText('PM2.5;PM10', 'zh-CN')).toBe('PM2.5、PM10');
    expect(primaryText('PM2.5;PM10', 'en')).toBe('PM2.5, PM10');
    expect(valueText(null)).toBe('—');
    expect(valueText(7.891, 2)).toBe('7.89');
  });
  it('writes dark text on the light levels and keeps markup out of popups', () => {
    expect(textOn('#FFFF00')).toBe('#1f2329');
    expect(textOn('#00E400')).toBe('#1f2329');
    expect(textOn('#99004C')).toBe('#fff');
    expect(escapeHtml('<b>"x"&</b>')).toBe('&lt;b&gt;&quot;x&quot;&amp;&lt;/b&gt;');
    expect(safeColour('red;background:url(x)', '#9aa0a6')).toBe('#9aa0a6');
    expect(safeColour('#99004C', '#9aa0a6')).toBe('#99004C');
  });
});
