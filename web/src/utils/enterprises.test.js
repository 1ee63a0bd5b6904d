import { describe, expect, it } from 'vitest';
import { enterpriseStatuses, jinming, workshop } from '../../tests/fixtures/enterprises.js';
import { enterpriseModel, enterprisePayload, filtersFromQuery, identityRows, listQuery, reasonText, scorePercent, statusColor, statusLabel } from './enterprises.js';

const t = (key, params) => (params ? `${key}:${JSON.stringify(params)}` : key);

describe('enterprise utils', () => {
  it('labels a status from the server’s statuses in the locale, the code when unknown', () => {
    expect(statusLabel(enterpriseStatuses, 'stopped', 'zh-CN')).toBe('停产');
    expect(statusLabel(enterpriseStatuses, 'stopped', 'en')).toBe('Stopped');
    expect(statusLabel(enterpriseStatuses, 'merged', 'zh-CN')).toBe('merged');
    expect(statusColor(enterpriseStatuses, 'banned')).toBe('#f56c6c');
    expect(statusColor(enterpriseStatuses, 'merged')).toBe('#909399');
  });

  it('reads the server’s reasons: the same credit code, phone or legal rep, and how alike the names are', () => {
    expect(reasonText('phone', t)).toEqual({ key: 'phone', text: 'relocation.reasons.phone' });
    expect(reasonText('name:0.74', t)).toEqual({ key: 'name', text: 'relocation.reasons.name:{"percent":74}' });
    expect(reasonText('address', t)).toEqual({ key: 'address', text: 'address' });
    expect(scorePercent(0.855)).toBe(86);
  });

  it('puts the candidate beside the banned one, marking what the server found the same', () => {
    const rows = identityRows({ name: 'A', phone: '1' }, { name: 'B', phone: '1', legal_rep: '张' }, ['phone', 'name:0.5']);
    expect(rows.map((r) => r.field)).toEqual(['name', 'credit_code', 'legal_rep', 'phone', 'address']);
    expect(rows.find((r) => r.field === 'phone')).toEqual({ field: 'phone', candidate: '1', banned: '1', matched: true });
    expect(rows.find((r) => r.field === 'legal_rep').matched).toBe(false);
  });

  it('keeps the list’s filters in the URL and reads them back', () => {
    const q = listQuery({ q: ' 金明 ', unitId: 31, statuses: ['operating', 'stopped'], page: 2 });
    expect(q).toEqual({ q: '金明', unit_id: 31, status: 'operating,stopped', page: 2 });
    expect(filtersFromQuery({ q: '金明', unit_id: '31', status: 'operating,stopped', page: '2' })).toEqual({ q: '金明', unitId: 31, statuses: ['operating', 'stopped'], page: 2 });
    expect(listQuery({ q: '', unitId: null, statuses: [], page: 1 })).toEqual({});
  });

  it('registers with the values given and edits only what changed, clearing with null', () => {
    const fresh = enterpriseModel(null, { unitId: 29, status: 'operating' });
    Object.assign(fresh, { name: ' 新厂 ', phone: '13800000000' });
    fresh.location = { lng: 114.37, lat: 34.76, datum: 'gcj02' };
    expect(enterprisePayload(fresh)).toEqual({ name: '新厂', phone: '13800000000', unit_id: 29, status: 'operating', location: { lng: 114.37, lat: 34.76, datum: 'gcj02' } });

    const m = enterpriseModel(jinming);
    expect(enterprisePayload(m, jinming)).toEqual({});
    m.grid = '';
    m.status = 'stopped';
    m.location = { lng: null, lat: null, datum: 'wgs84' };
    expect(enterprisePayload(m, jinming)).toEqual({ grid: null, status: 'stopped', location: null });
    // A point typed in another datum is sent, even with the same numbers.
    const w = enterpriseModel(workshop);
    expect(w.credit_code).toBe('');
    const moved = { ...enterpriseModel(jinming), location: { ...jinming.location, datum: 'bd09' } };
    expect(enterprisePayload(moved, jinming)).toEqual({ location: { ...jinming.location, datum: 'bd09' } });
  });
});
