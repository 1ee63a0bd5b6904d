import { describe, expect, it } from 'vitest';
import { boilerType, gasType } from '../../tests/fixtures/ledgers.js';
import { FALLBACK_COLOR, escapeHtml, markerColor, popupHtml, statusOptions, validStatuses } from './ledgerMap.js';

const types = [boilerType, gasType];

describe('the map of ledger rows', () => {
  it('colours a marker as its state in its type’s workflow, grey when unknown', () => {
    expect(markerColor(boilerType, 'verified')).toBe('#67c23a');
    expect(markerColor(gasType, 'passed')).toBe('#67c23a');
    expect(markerColor(boilerType, 'nope')).toBe(FALLBACK_COLOR);
    expect(markerColor(null, 'verified')).toBe(FALLBACK_COLOR);
  });

  it('offers the states of the chosen layers, each once, labelled in the UI language', () => {
    expect(statusOptions(types, ['coal_boilers'], 'zh-CN').map((o) => o.value)).toEqual(['registered', 'stopped', 'removed', 'verified']);
    const both = statusOptions(types, ['coal_boilers', 'gas_stations'], 'en');
    expect(both.map((o) => o.value)).toEqual(['registered', 'stopped', 'removed', 'verified', 'passed']);
    expect(both[0]).toEqual({ value: 'registered', label: 'Registered', color: '#909399' });
    expect(statusOptions(types, [], 'en')).toEqual([]);
  });

  it('keeps only the statuses a chosen layer has (the server refuses others)', () => {
    expect(validStatuses(types, ['gas_stations'], ['verified', 'passed'])).toEqual(['passed']);
    expect(validStatuses(types, ['coal_boilers'], undefined)).toEqual([]);
  });

  it('writes the popup with every text escaped and a link to the row', () => {
    const html = popupHtml({ id: 7, layer: 'coal_boilers', title: '<b>浴池</b>', status: 'verified', unit: '南郊乡' }, boilerType, 'zh-CN', '查看详情');
    expect(html).toContain('&lt;b&gt;浴池&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('燃煤小锅炉淘汰台账');
    expect(html).toContain('已核验销号');
    expect(html).toContain('color:#67c23a');
    expect(html).toContain('href="/ledger-rows/7" data-row="7"');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});
