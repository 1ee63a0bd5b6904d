import { describe, expect, it } from 'vitest';
import { mapLayers } from '../../tests/fixtures/map.js';
import { FALLBACK_COLOR, escapeHtml, layerNamed, markerColor, pointRoute, popupHtml, statusOptions, validStatuses } from './mapLayers.js';

const layer = (name) => layerNamed(mapLayers, name);

describe('the map’s layers', () => {
  it('colours a marker as its status in its layer, grey when unknown', () => {
    expect(markerColor(layer('coal_boilers'), 'verified')).toBe('#67c23a');
    expect(markerColor(layer('gas_stations'), 'passed')).toBe('#67c23a');
    expect(markerColor(layer('enterprises'), 'banned')).toBe('#f56c6c');
    expect(markerColor(layer('inspections'), 'fail')).toBe('#f56c6c');
    expect(markerColor(layer('coal_boilers'), 'nope')).toBe(FALLBACK_COLOR);
    expect(markerColor(null, 'verified')).toBe(FALLBACK_COLOR);
  });

  it('offers the statuses of the chosen layers, each once, labelled in the UI language', () => {
    expect(statusOptions(mapLayers, ['coal_boilers'], 'zh-CN').map((o) => o.value)).toEqual(['registered', 'stopped', 'removed', 'verified']);
    const both = statusOptions(mapLayers, ['coal_boilers', 'gas_stations'], 'en');
    expect(both.map((o) => o.value)).toEqual(['registered', 'stopped', 'removed', 'verified', 'passed']);
    expect(both[0]).toEqual({ value: 'registered', label: 'Registered', color: '#909399' });
    expect(statusOptions(mapLayers, ['enterprises', 'inspections'], 'zh-CN').map((o) => o.label)).toEqual(['正常生产经营', '停产', '关停取缔', '已搬迁', '合格', '不合格']);
    expect(statusOptions(mapLayers, [], 'en')).toEqual([]);
  });

  it('keeps only the statuses a chosen layer has (the server refuses others)', () => {
    expect(validStatuses(mapLayers, ['gas_stations'], ['verified', 'passed'])).toEqual(['passed']);
    expect(validStatuses(mapLayers, ['enterprises'], ['banned', 'pass'])).toEqual(['banned']);
    expect(validStatuses(mapLayers, ['coal_boilers'], undefined)).toEqual([]);
  });

  it('opens a point’s page by its layer’s kind', () => {
    expect(pointRoute(layer('coal_boilers'), 41)).toEqual({ name: 'ledger-row', params: { id: '41' } });
    expect(pointRoute(layer('enterprises'), 6)).toEqual({ name: 'enterprise', params: { id: '6' } });
    expect(pointRoute(layer('inspections'), 9)).toEqual({ name: 'inspection', params: { id: '9' } });
    expect(pointRoute({ name: 'problems', kind: 'problems' }, 12)).toEqual({ name: 'problem', params: { id: '12' } });
    expect(pointRoute({ kind: 'other' }, 1)).toBeNull();
  });

  it('writes the popup with every text escaped and a link to the point’s page', () => {
    const html = popupHtml({ id: 7, layer: 'coal_boilers', title: '<b>浴池</b>', status: 'verified', unit: '南郊乡' }, layer('coal_boilers'), 'zh-CN', '查看详情');
    expect(html).toContain('&lt;b&gt;浴池&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('燃煤小锅炉淘汰台账');
    expect(html).toContain('已核验销号');
    expect(html).toContain('color:#67c23a');
    expect(html).toContain('href="/ledger-rows/7" data-route="ledger-row" data-id="7"');
    const firm = popupHtml({ id: 6, layer: 'enterprises', title: '恒晟', status: 'operating', unit: '东郊村' }, layer('enterprises'), 'en', 'Open');
    expect(firm).toContain('href="/enterprises/6" data-route="enterprise"');
    expect(firm).toContain('Enterprises');
    expect(firm).toContain('Operating');
    expect(popupHtml({ id: 9, layer: 'inspections', title: 'x', status: 'fail', unit: '' }, layer('inspections'), 'zh-CN', '查看')).toContain('href="/inspections/9"');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});
