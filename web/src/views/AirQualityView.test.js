import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { areaDays, campaignTarget, hopelessTarget, latest, stationHours, stationRanking, unitRanking } from '../../tests/fixtures/air.js';

// Leaflet itself is not run here (jsdom draws nothing): a stand-in records
// the markers the page asks for, their icons' HTML and their popups.
const drawn = { markers: [], map: null };
function fakeLeaflet() {
  const bounds = () => ({ isValid: () => true, extend() { return this; } });
  const layer = (extra = {}) => ({ addTo: vi.fn(function () { return this; }), getBounds: bounds, ...extra });
  return {
    map: vi.fn(() => (drawn.map = { fitBounds: vi.fn(), setView: vi.fn(), remove: vi.fn() })),
    tileLayer: vi.fn(() => layer()),
    geoJSON: vi.fn(() => layer()),
    featureGroup: vi.fn(() => layer({ clearLayers: vi.fn(), addLayer: vi.fn() })),
    divIcon: vi.fn((opts) => opts),
    marker: vi.fn((latlng, opts) => {
      const m = { latlng, opts, popup: '', handlers: {} };
      Object.assign(m, {
        bindPopup: vi.fn((html) => (m.popup = html)),
        on: vi.fn((event, fn) => (m.handlers[event] = fn)),
        isPopupOpen: () => false,
        openPopup: vi.fn(),
        getElement: () => null,
      });
      drawn.markers.push(m);
      return m;
    }),
  };
}
vi.mock('../components/map/leaflet.js', () => ({ loadLeaflet: vi.fn(async () => fakeLeaflet()) }));
vi.mock('../api/map.js', () => ({ getMapConfig: vi.fn(async () => ({ datum: 'wgs84', tiles: null, boundary: { type: 'FeatureCollection', features: [] }, center: { lng: 114.35, lat: 34.77 } })) }));
vi.mock('../api/aq.js', () => ({
  getAqLatest: vi.fn(),
  getAqAreaDays: vi.fn(),
  getAqRankings: vi.fn(),
  listAqTargets: vi.fn(),
  createAqTarget: vi.fn(),
  updateAqTarget: vi.fn(),
  getAqStationHours: vi.fn(),
}));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 1, name: '禹王台区人民政府', children: [] }] })) }));
import { ApiError } from '../api/client.js';
import { getAqAreaDays, getAqLatest, getAqRankings, getAqStationHours, listAqTargets, updateAqTarget } from '../api/aq.js';
import { useAuthStore } from '../stores/auth.js';
import AirQualityView from './AirQualityView.vue';

async function mountView({ canManage = false, targets = [campaignTarget, hopelessTarget], locale = 'zh-CN' } = {}) {
  listAqTargets.mockResolvedValue({ can_manage: canManage, items: targets });
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 1 }, permissions: ['aq.read', 'ledgers.read'], loaded: true });
  const mounted = await mountWithApp(AirQualityView, { path: '/air', pinia, locale });
  await settle(0);
  return mounted;
}
const text = (sel) => $(sel)?.textContent.replace(/\s+/g, ' ').trim() || '';
const markerOf = (name) => drawn.markers.find((m) => m.opts.title === name);

describe('AirQualityView', () => {
  beforeEach(() => {
    drawn.markers = [];
    getAqLatest.mockResolvedValue(latest);
    getAqAreaDays.mockResolvedValue(areaDays);
    getAqRankings.mockImplementation(async (q) => (q.of === 'stations' ? stationRanking : unitRanking));
    getAqStationHours.mockResolvedValue(stationHours);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows the server’s hour and the district’s latest day with the server’s colour and category', async () => {
    await mountView();
    expect(text('[data-test="air-hour"]')).toContain('2017-12-20 09:00');
    const box = $('[data-test="air-day-aqi"]');
    expect(box.textContent).toContain('209');
    expect(text('[data-test="air-day-category"]')).toBe('服务器类别');
    expect(box.style.background).toBe('rgb(101, 67, 33)'); // #654321, as sent
    expect(text('[data-test="air-day-date"]')).toContain('2017-12-18');
    expect(text('[data-test="air-day-primary"]')).toBe('PM2.5');
    // The later day the server gave no AQI is named, not guessed.
    expect(text('[data-test="air-day-missing"]')).toBe('12-19 有效数据不足，无日 AQI');
  });

  it('draws each located station in its latest hour’s colour with its AQI, grey without one, and the server’s legend', async () => {
    await mountView();
    expect(drawn.markers.map((m) => m.opts.title)).toEqual(['肿瘤医院', '汪屯乡站', '南郊乡南郊村微站']);
    const tumour = markerOf('肿瘤医院');
    expect(tumour.latlng).toEqual([34.7781, 114.3389]);
    expect(tumour.opts.icon.html).toContain('background:#123456');
    expect(tumour.opts.icon.html).toContain('>216<');
    expect(tumour.opts.icon.html).toContain('selected'); // the first with an hour is chosen for the trend
    const micro = markerOf('南郊乡南郊村微站');
    expect(micro.opts.icon.html).toContain('background:#9aa0a6');
    expect(micro.opts.icon.html).toContain('>—<');
    expect(micro.popup).toContain('近 24 小时无数据');
    // The popup: name, kind, hour, AQI with the server's category, primary pollutants, PM2.5/PM10.
    const wangtun = markerOf('汪屯乡站').popup;
    for (const part of ['汪屯乡站', '乡镇站', '2017-12-19 11:00', '<b>204</b>', '重度污染', 'PM2.5、PM10', 'PM2.5 154']) expect(wangtun).toContain(part);
    expect(tumour.popup).toContain('服务器重度');
    expect(text('[data-test="air-map"] + .aq-legend')).toContain('严重污染 301–500');
    expect($$('[data-test="air-legend"] .aq-legend-item')).toHaveLength(7);
    expect(document.body.textContent).toContain('1 个站点未标注位置');
  });

  it('asks for the chosen station’s 48 hours ending at its latest hour; a click on the map chooses another', async () => {
    await mountView();
    expect(getAqStationHours).toHaveBeenCalledWith(1, { from: '2017-12-17T13:00:00', to: '2017-12-19T12:00:00' });
    expect(text('[data-test="air-hourly-note"]')).toContain('截至 2017-12-19 12:00 的 48 小时');
    markerOf('汪屯乡站').handlers.click();
    await settle(0);
    expect(getAqStationHours).toHaveBeenLastCalledWith(4, { from: '2017-12-17T12:00:00', to: '2017-12-19T11:00:00' });
    // Without an hour in the past day: the 48 hours up to the server's hour.
    markerOf('南郊乡南郊村微站').handlers.click();
    await settle(0);
    expect(getAqStationHours).toHaveBeenLastCalledWith(7, { from: '2017-12-18T10:00:00', to: '2017-12-20T09:00:00' });
  });

  it('shows each target’s progress as the server measured it, out of reach when it says so', async () => {
    await mountView();
    const [campaign, hopeless] = $$('[data-test="air-target"]');
    expect(campaign.querySelector('[data-test="air-target-pm25"]').textContent).toContain('159');
    expect(campaign.querySelector('[data-test="air-target-goal"]').textContent).toBe('83');
    expect(campaign.querySelector('[data-test="air-target-change"]').textContent).toBe('+62.2%');
    expect(campaign.querySelector('[data-test="air-target-needed"]').textContent).toContain('剩余 102 天均值须不高于 82 µg/m³');
    expect(campaign.querySelector('[data-test="air-target-unreachable"]')).toBeNull();
    expect(campaign.querySelector('[data-test="air-target-heavy"]').textContent.replace(/\s+/g, ' ')).toContain('重污染 1 天 · 目标不超过 22 天 · 余 21 天');
    expect(campaign.querySelector('[data-test="air-target-through"]').textContent).toContain('统计至 2017-12-19（已过 80/182 天');
    expect(hopeless.querySelector('[data-test="air-target-unreachable"]').textContent).toBe('目标已无法达成');
    expect(hopeless.querySelector('[data-test="air-target-needed"]').textContent).not.toContain('µg/m³');
    expect(hopeless.querySelector('[data-test="air-target-change"]').textContent).toBe('-5.1%');
  });

  it('offers adding and editing targets only when the server says the reader may', async () => {
    await mountView({ canManage: false });
    expect($('[data-test="air-target-add"]')).toBeNull();
    expect($('[data-test="air-target-edit"]')).toBeNull();
    document.body.innerHTML = '';

    await mountView({ canManage: true });
    expect($('[data-test="air-target-add"]')).not.toBeNull();
    expect($$('[data-test="air-target-edit"]')).toHaveLength(2);
    $$('[data-test="air-target-edit"]')[1].click();
    await settle(0);
    expect(text('.el-dialog__title')).toBe('修改目标：南郊乡冬季目标');
    expect($('input[data-test="air-target-target_pm25"]').value).toBe('20');
  });

  it('a target changed meanwhile (409) is reloaded into the open dialog; a saved one’s new progress is shown', async () => {
    await mountView({ canManage: true, targets: [campaignTarget] });
    $('[data-test="air-target-edit"]').click();
    await settle(0);
    const theirs = { ...campaignTarget, target_pm25: 70, version: 2, progress: { ...campaignTarget.progress, pm25_needed: 69 } };
    listAqTargets.mockResolvedValue({ can_manage: true, items: [theirs] });
    updateAqTarget.mockRejectedValueOnce(new ApiError({ status: 409, code: 'stale_version' }));
    $('[data-test="air-target-save"]').click();
    await settle();
    expect(updateAqTarget).toHaveBeenCalledWith(1, 1, expect.objectContaining({ target_pm25: 83 }));
    expect($('input[data-test="air-target-target_pm25"]').value).toBe('70');
    expect($('[data-test="air-target-needed"]').textContent).toContain('不高于 69 µg/m³');

    const mine = { ...theirs, target_pm25: 60, version: 3, progress: { ...theirs.progress, pm25_needed: 0, pm25_reachable: false } };
    updateAqTarget.mockResolvedValueOnce(mine);
    listAqTargets.mockResolvedValue({ can_manage: true, items: [mine] });
    const input = $('input[data-test="air-target-target_pm25"]');
    input.value = '60';
    input.dispatchEvent(new Event('input'));
    $('[data-test="air-target-save"]').click();
    await settle();
    expect(updateAqTarget).toHaveBeenLastCalledWith(1, 2, expect.objectContaining({ target_pm25: 60 }));
    expect($('[data-test="air-target-goal"]').textContent).toBe('60');
    expect($('[data-test="air-target-unreachable"]')).not.toBeNull();
  });

  it('ranks as the server ranks: shared ranks, unranked rows last; switches to stations by PM2.5', async () => {
    await mountView();
    expect(getAqRankings).toHaveBeenCalledWith({ of: 'units', by: 'composite' });
    const rows = $$('[data-test="air-rank-table"] .el-table__body tr').map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['1', '汪屯乡', '7.89'],
      ['1', '繁塔街道办事处', '7.89'],
      ['无排名', '菜市街道办事处', '—'],
    ]);
    expect(rows[2].slice(3, 7)).toEqual(['156', '—', '0', '1']);
    expect(text('[data-test="air-rankings"] .note')).toContain('2017-12-01 至 2017-12-19');

    $('[data-test="air-rank-of-stations"] input').click();
    await settle(0);
    // The period the server chose stays.
    expect(getAqRankings).toHaveBeenLastCalledWith({ of: 'stations', by: 'composite', from: '2017-12-01', to: '2017-12-19' });
    $('[data-test="air-rank-by-pm25"] input').click();
    await settle(0);
    expect(getAqRankings).toHaveBeenLastCalledWith({ of: 'stations', by: 'pm25', from: '2017-12-01', to: '2017-12-19' });
    expect(text('[data-test="air-rank-table"] .el-table__body')).toContain('汪屯乡站 · 汪屯乡');
  });

  it('reads in English with the server’s English categories', async () => {
    await mountView({ locale: 'en' });
    expect(text('[data-test="air-day-category"]')).toBe('server class');
    expect(markerOf('肿瘤医院').popup).toContain('server category');
    expect(text('[data-test="air-legend"]')).toContain('severely polluted');
    expect($$('[data-test="air-target-unreachable"]')[0].textContent).toBe('Target out of reach');
  });

  it('on a phone: one column of cards, the ranking as cards', async () => {
    vi.spyOn(window, 'matchMedia').mockImplementation((query) => ({ matches: true, media: query, addEventListener: () => {}, removeEventListener: () => {} }));
    await mountView();
    expect($('[data-test="air-page"]').classList.contains('phone')).toBe(true);
    expect($('[data-test="air-rank-table"]')).toBeNull();
    const cards = $$('[data-test="air-rank-card"]');
    expect(cards).toHaveLength(3);
    expect(cards[2].textContent).toContain('无排名');
  });
});
