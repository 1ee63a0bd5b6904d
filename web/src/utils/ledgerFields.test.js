import { describe, expect, it } from 'vitest';
import { boilerRow, boilerType } from '../../tests/fixtures/ledgers.js';
import {
  cellText,
  columnLabel,
  dateRangeOf,
  dateRangeText,
  displayValue,
  fieldOf,
  fieldsPayload,
  filterKind,
  filterModel,
  filterQuery,
  formValue,
  formatLocation,
  locationChanged,
  locationModel,
  locationPayload,
} from './ledgerFields.js';

const t = (k) => ({ 'common.yes': '是', 'common.no': '否' })[k] || k;
const f = (name) => fieldOf(boilerType, name);

describe('ledger fields as the type declares them', () => {
  it('labels fields and built-ins in the UI language, the code when unknown', () => {
    expect(columnLabel(boilerType, 'capacity', 'zh-CN')).toBe('额定容量');
    expect(columnLabel(boilerType, 'capacity', 'en')).toBe('Rated capacity');
    expect(columnLabel(boilerType, 'unit', 'zh-CN')).toBe('责任单位');
    expect(columnLabel(boilerType, 'nope', 'en')).toBe('nope');
  });

  it('shows values by type: yes/no, choice labels, numbers with the unit, nothing for blanks', () => {
    expect(displayValue(f('in_built_up_area'), false, 'zh-CN', t)).toBe('否');
    expect(displayValue(f('in_built_up_area'), true, 'zh-CN', t)).toBe('是');
    expect(displayValue(f('use'), 'bathing', 'zh-CN', t)).toBe('洗浴');
    expect(displayValue(f('use'), 'bathing', 'en', t)).toBe('Bathing');
    expect(displayValue(f('use'), 'unknown_code', 'en', t)).toBe('unknown_code');
    expect(displayValue(f('capacity'), 2e0, 'zh-CN', t)).toBe('2 t/h');
    expect(displayValue(f('capacity'), 0.1 + 0.2, 'zh-CN', t)).toBe('0.3 t/h');
    expect(displayValue(f('units'), 3, 'zh-CN', t)).toBe('3');
    expect(displayValue(f('deadline'), '2017-12-31', 'zh-CN', t)).toBe('2017-12-31');
    expect(displayValue(f('capacity'), null, 'zh-CN', t)).toBe('');
    expect(displayValue(f('remarks'), '', 'zh-CN', t)).toBe('');
  });

  it('gives each list column its cell text, built-ins included', () => {
    expect(cellText(boilerType, boilerRow, 'unit', 'zh-CN', t)).toBe('南郊乡');
    expect(cellText(boilerType, boilerRow, 'capacity', 'zh-CN', t)).toBe('2 t/h');
    expect(cellText(boilerType, boilerRow, 'location', 'zh-CN', t)).toBe('114.371200, 34.765100');
    expect(cellText(boilerType, boilerRow, 'enterprise', 'zh-CN', t)).toBe('');
    expect(cellText(boilerType, boilerRow, 'updated_at', 'zh-CN', t)).toBe('2017-12-20 09:30:00');
    expect(formatLocation(null)).toBe('');
  });

  it('asks for each filter the way its kind needs', () => {
    expect(['status', 'unit', 'use', 'in_built_up_area', 'deadline', 'owner_name'].map((n) => filterKind(boilerType, n))).toEqual([
      'status',
      'unit',
      'choice',
      'boolean',
      'date',
      'text',
    ]);
  });

  it('turns filters into the list query and back (the URL keeps them)', () => {
    const model = { status: ['registered', 'stopped'], unit: 29, use: 'heating', in_built_up_area: 'true', deadline: '' };
    const q = filterQuery(boilerType, model);
    expect(q).toEqual({ status: 'registered,stopped', unit_id: 29, 'f.use': 'heating', 'f.in_built_up_area': 'true' });
    expect(filterModel(boilerType, q)).toEqual(model);
    expect(filterQuery(boilerType, filterModel(boilerType, {}))).toEqual({});
  });

  it('sends typed values trimmed, blanks left out on create and cleared on edit, only what changed', () => {
    const names = ['owner_name', 'capacity', 'use', 'remarks'];
    expect(fieldsPayload(names, { owner_name: '  浴池 ', capacity: 2, use: null, remarks: '' })).toEqual({ owner_name: '浴池', capacity: 2 });
    const before = { owner_name: '浴池', capacity: 2, use: 'bathing', remarks: '旧' };
    expect(fieldsPayload(names, { owner_name: '浴池', capacity: 2.5, use: 'bathing', remarks: '' }, before)).toEqual({ capacity: 2.5, remarks: null });
    expect(fieldsPayload(names, { ...before }, before)).toEqual({});
    expect(formValue(f('capacity'), '2')).toBe(2);
    expect(formValue(f('deadline'), undefined)).toBeNull();
  });

  it('sends a location in the datum it was typed in, none when blank, and notices a change', () => {
    expect(locationPayload(locationModel(null))).toBeNull();
    expect(locationPayload({ lng: 114.1, lat: 34.7, datum: 'gcj02' })).toEqual({ lng: 114.1, lat: 34.7, datum: 'gcj02' });
    // Half a location goes to the server, which names the problem.
    expect(locationPayload({ lng: 114.1, lat: null, datum: 'wgs84' })).toEqual({ lng: 114.1, lat: null, datum: 'wgs84' });
    const stored = { lng: 114.35408162028781, lat: 34.78082406488305 };
    const m = locationModel(stored);
    expect(m).toEqual({ lng: 114.354082, lat: 34.780824, datum: 'wgs84' });
    expect(locationChanged(m, stored)).toBe(false);
    expect(locationChanged({ ...m, datum: 'bd09' }, stored)).toBe(true);
    expect(locationChanged({ ...m, lng: 114.36 }, stored)).toBe(true);
    expect(locationChanged(locationModel(null), stored)).toBe(true);
    expect(locationChanged(locationModel(null), null)).toBe(false);
  });
});

describe('a date filter as a range of days', () => {
  it('reads the server’s text as a pair of days and writes a picked pair back', () => {
    expect(dateRangeOf('2017-10-01..2017-10-31')).toEqual(['2017-10-01', '2017-10-31']);
    expect(dateRangeOf('2017-10-05')).toEqual(['2017-10-05', '2017-10-05']);
    expect(dateRangeOf('2017-10-05..')).toBeNull();
    expect(dateRangeOf('')).toBeNull();
    expect(dateRangeText(['2017-11-01', '2017-11-30'])).toBe('2017-11-01..2017-11-30');
    expect(dateRangeText(null)).toBe('');
    expect(dateRangeText(['2017-11-01', null])).toBe('');
  });
});
