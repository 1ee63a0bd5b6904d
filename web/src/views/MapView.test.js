import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';

// Leaflet itself is not run here (jsdom draws nothing): a stand-in records
// what the page asks it to draw.
const drawn = { tiles: [], geojson: [], markers: [], cluster: null, map: null };
function fakeLeaflet() {
  const layer = (extra = {}) => ({ addTo: vi.fn(function () { return this; }), ...extra });
  return {
    map: vi.fn(() => {
      drawn.map = { fitBounds: vi.fn(), setView: vi.fn(), addLayer: vi.fn(), on: vi.fn(), remove: vi.fn(), invalidateSize: vi.fn() };
      return drawn.map;
    }),
    tileLayer: vi.fn((url, opts) => {
      drawn.tiles.push({ url, opts });
      return layer();
    }),
    geoJSON: vi.fn((data) => {
      drawn.geojson.push(data);
      return layer({ getBounds: () => ({ isValid: () => true }) });
    }),
    markerClusterGroup: vi.fn(() => {
      drawn.cluster = { clearLayers: vi.fn(), addLayers: vi.fn(), zoomToShowLayer: vi.fn((m, cb) => cb()) };
      return drawn.cluster;
    }),
    divIcon: vi.fn((opts) => opts),
    marker: vi.fn((latlng, opts) => {
      const m = { latlng, opts, popup: '', bindPopup: vi.fn((html) => (m.popup = html)), openPopup: vi.fn(), isPopupOpen: vi.fn(() => false) };
      drawn.markers.push(m);
      return m;
    }),
  };
}
vi.mock('../components/map/leaflet.js', () => ({ loadLeaflet: vi.fn(async () => fakeLeaflet()) }));
vi.mock('../api/map.js', () => ({ getMapConfig: vi.fn(), listMapPoints: vi.fn() }));
import { getMapConfig, listMapPoints } from '../api/map.js';
import { mapLayers } from '../../tests/fixtures/map.js';
import MapView from './MapView.vue';

const boundary = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '禹王台区' }, geometry: { type: 'MultiPolygon', coordinates: [] } }] };
const config = (tiles = null, layers = mapLayers) => ({ datum: 'wgs84', tiles, boundary, center: { lng: 114.35, lat: 34.77 }, layers });
const points = [
  { id: 41, layer: 'coal_boilers', title: '南郊乡康乐浴池', status: 'verified', unit: '南郊乡', lng: 114.3712, lat: 34.7651 },
  { id: 42, layer: 'gas_stations', title: '汪屯加油站', status: 'registered', unit: '汪屯乡', lng: 114.39, lat: 34.75 },
];

async function mountMap(path = '/map') {
  const mounted = await mountWithApp(MapView, { path });
  await settle(0);
  return mounted;
}

describe('MapView', () => {
  beforeEach(() => {
    Object.assign(drawn, { tiles: [], geojson: [], markers: [], cluster: null, map: null });
    listMapPoints.mockResolvedValue({ datum: 'wgs84', items: points, truncated: false });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('draws the boundary without tiles when none are configured, and says so', async () => {
    getMapConfig.mockResolvedValue(config());
    await mountMap();
    expect(drawn.tiles).toEqual([]);
    expect(drawn.geojson).toEqual([boundary]);
    expect(drawn.map.fitBounds).toHaveBeenCalled();
    expect($('[data-test="map-offline"]')).not.toBeNull();
  });

  it('adds the configured tile layer as the server describes it', async () => {
    getMapConfig.mockResolvedValue(config({ url: 'https://t{s}.example/{z}/{x}/{y}', attribution: '天地图', subdomains: '01234567', max_zoom: 17 }));
    await mountMap();
    expect(drawn.tiles).toEqual([{ url: 'https://t{s}.example/{z}/{x}/{y}', opts: { attribution: '天地图', subdomains: '01234567', maxZoom: 17 } }]);
    expect(drawn.geojson).toHaveLength(1);
    expect($('[data-test="map-offline"]')).toBeNull();
  });

  it('asks for every layer, and puts a marker per point where the server says, coloured by its state', async () => {
    getMapConfig.mockResolvedValue(config());
    await mountMap();
    expect(listMapPoints).toHaveBeenCalledWith(['coal_boilers', 'gas_stations', 'enterprises', 'inspections'], []);
    expect(drawn.markers.map((m) => m.latlng)).toEqual([
      [34.7651, 114.3712],
      [34.75, 114.39],
    ]);
    expect(drawn.markers[0].opts.icon.html).toContain('background:#67c23a');
    expect(drawn.markers[1].opts.icon.html).toContain('background:#909399');
    expect(drawn.markers[0].popup).toContain('南郊乡康乐浴池');
    expect(drawn.markers[0].popup).toContain('已核验销号');
    expect(drawn.markers[0].popup).toContain('href="/ledger-rows/41"');
    expect($('[data-test="map-summary"]').textContent).toContain('地图上 2 个点位');
    expect($('[data-test="map-layer-coal_boilers"]').textContent).toContain('燃煤小锅炉淘汰台账');
  });

  it('takes layers, statuses and the row to show from the URL', async () => {
    getMapConfig.mockResolvedValue(config());
    listMapPoints.mockResolvedValue({ items: [points[0]], truncated: true });
    await mountMap('/map?layers=coal_boilers&status=verified,passed&focus=41');
    // "passed" is not a state of the boilers' workflow: left out.
    expect(listMapPoints).toHaveBeenCalledWith(['coal_boilers'], ['verified']);
    expect(drawn.cluster.zoomToShowLayer).toHaveBeenCalledWith(drawn.markers[0], expect.any(Function));
    expect(drawn.markers[0].openPopup).toHaveBeenCalled();
    expect($('[data-test="map-truncated"]')).not.toBeNull();
    expect($$('[data-test="map-layers"] .el-checkbox.is-checked').map((el) => el.textContent.trim())).toEqual(['燃煤小锅炉淘汰台账 1']);
  });

  it('draws the enterprises and the inspections as layers of their own, each opening its page', async () => {
    getMapConfig.mockResolvedValue(config());
    listMapPoints.mockResolvedValue({
      items: [
        { id: 6, layer: 'enterprises', title: '开封市禹王台区恒晟塑料制品有限公司', status: 'banned', unit: '东郊村', lng: 114.39, lat: 34.757 },
        { id: 9, layer: 'inspections', title: '南郊乡安置房二期工程', status: 'fail', unit: '南郊乡', lng: 114.36, lat: 34.76 },
        { id: 6, layer: 'coal_boilers', title: '南郊乡康乐浴池', status: 'verified', unit: '南郊乡', lng: 114.37, lat: 34.765 },
      ],
      truncated: false,
    });
    const { router } = await mountMap('/map?focus=6');
    expect($$('[data-test="map-layers"] .el-checkbox').map((el) => el.textContent.trim())).toEqual(['燃煤小锅炉淘汰台账 1', '加油站油气回收台账', '企业 1', '检查 1']);
    const [firm, check] = drawn.markers;
    expect(firm.opts.icon.className).toBe('map-marker map-marker-enterprises');
    expect(firm.opts.icon.html).toContain('background:#f56c6c');
    expect(firm.popup).toContain('关停取缔');
    expect(firm.popup).toContain('href="/enterprises/6"');
    expect(check.opts.icon.className).toBe('map-marker map-marker-inspections');
    expect(check.popup).toContain('不合格');
    expect(check.popup).toContain('href="/inspections/9"');
    // focus=6 is the first chosen layer's 6: the boiler row, not the enterprise.
    expect(drawn.cluster.zoomToShowLayer).toHaveBeenCalledWith(drawn.markers[2], expect.any(Function));
    // A popup's link opens the enterprise's file inside the app.
    const [, onPopup] = drawn.map.on.mock.calls.find(([name]) => name === 'popupopen');
    const el = document.createElement('div');
    el.innerHTML = firm.popup;
    onPopup({ popup: { getElement: () => el } });
    el.querySelector('a').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/enterprises/6');
  });

  it('keeps the popup the reader has open when the markers are redrawn in another language', async () => {
    getMapConfig.mockResolvedValue(config());
    const { i18n } = await mountMap();
    const gas = drawn.markers[1];
    gas.isPopupOpen.mockReturnValue(true);
    i18n.global.locale.value = 'en';
    await settle(0);
    expect(drawn.markers).toHaveLength(4);
    expect(drawn.markers[3].popup).toContain('Gas stations');
    expect(drawn.cluster.zoomToShowLayer).toHaveBeenCalledWith(drawn.markers[3], expect.any(Function));
    expect(drawn.markers[3].openPopup).toHaveBeenCalled();
    expect(drawn.markers[2].openPopup).not.toHaveBeenCalled();
  });

  it('offers the statuses of the chosen layers only', async () => {
    getMapConfig.mockResolvedValue(config());
    await mountMap('/map?layers=enterprises&status=banned,verified');
    // "verified" is a boiler's state, not an enterprise's: left out.
    expect(listMapPoints).toHaveBeenCalledWith(['enterprises'], ['banned']);
  });

  it('shows the failure when the map cannot be had', async () => {
    const { ApiError } = await import('../api/client.js');
    getMapConfig.mockRejectedValue(new ApiError({ status: 403, code: 'not_permitted', params: { permission: 'ledgers.read' } }));
    await mountMap();
    expect($('.map-error')).not.toBeNull();
  });
});
