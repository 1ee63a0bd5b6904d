import { describe, expect, it } from 'vitest';
import { coordsText, filterStations, kindLabel, limitItems, stationFieldKey, stationModel, stationPayload, stationUnits } from './airStations.js';
import { kinds, stations } from '../../tests/fixtures/airStations.js';

describe('airStations', () => {
  it('labels a kind in the reader’s language from the server’s kinds, the code when unknown', () => {
    expect(kindLabel(kinds, 'township', 'zh-CN')).toBe('乡镇站（服务器）');
    expect(kindLabel(kinds, 'township', 'en')).toBe('Township (server)');
    expect(kindLabel(kinds, 'ship', 'en')).toBe('ship');
  });

  it('writes a point to six decimals and limits in the pollutants’ order', () => {
    expect(coordsText({ lng: 114.37120000000001, lat: 34.7386 })).toBe('114.3712, 34.7386');
    expect(coordsText(null)).toBe('');
    expect(limitItems({ co: 0.5, so2: 200 }).map((p) => `${p.label} ${p.value} ${p.unit}`)).toEqual(['SO₂ 200 µg/m³', 'CO 0.5 mg/m³']);
    expect(limitItems({})).toEqual([]);
  });

  it('filters by kind, unit and a part of the code or name', () => {
    const codes = (f) => filterStations(stations, f).map((s) => s.code);
    expect(codes({})).toHaveLength(5);
    expect(codes({ q: 'nj-m' })).toEqual(['NJ-M01']);
    expect(codes({ kind: 'township', unitId: 30 })).toEqual(['WT-01']);
    expect(stationUnits(stations).map((u) => u.name)).toEqual(['南郊乡', '汪屯乡', '禹王台区人民政府']);
  });

  it('a registration sends the password only when typed; an edit keeps, sets or removes it and never sends the code', () => {
    const m = stationModel(null, { kind: 'micro' });
    expect(m).toMatchObject({ kind: 'micro', active: true, location: { lng: null, lat: null, datum: 'wgs84' } });
    m.code = ' M-1 ';
    m.name = '微站';
    m.limits.pm25 = ' 75 ';
    m.limits.co = 'abc';
    expect(stationPayload(m)).toEqual({ code: 'M-1', name: '微站', kind: 'micro', unit_id: null, enterprise_id: null, location: null, limits: { co: 'abc', pm25: 75 }, active: true });

    const e = stationModel(stations[4]);
    expect(e.limits).toEqual({ so2: '200', no2: '240.5', co: '0.5', o3: '', pm10: '', pm25: '' });
    expect(stationPayload(e, { editing: true })).not.toHaveProperty('hj212_password');
    expect(stationPayload(e, { editing: true })).not.toHaveProperty('code');
    expect(stationPayload({ ...e, password_mode: 'remove' }, { editing: true }).hj212_password).toBeNull();
    expect(stationPayload({ ...e, password_mode: 'set', hj212_password: 'pw-1234' }, { editing: true }).hj212_password).toBe('pw-1234');
  });

  it('puts the server’s field names on the form’s items', () => {
    expect(stationFieldKey('limits.pm25')).toBe('limits.pm25');
    expect(stationFieldKey('location.datum')).toBe('location');
    expect(stationFieldKey('version')).toBeNull();
  });
});
