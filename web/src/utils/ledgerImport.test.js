import { describe, expect, it } from 'vitest';
import { boilerType } from '../../tests/fixtures/ledgers.js';
import { columnText, importQuery, isLedgerSheet, issueRows, mappingChoices, writable } from './ledgerImport.js';

describe('ledger import helpers', () => {
  it('builds the query, every column of the mapping included, ignored ones empty', () => {
    expect(importQuery({ filename: 'a.csv', unitId: 29, datum: 'gcj02' })).toBe('dry_run=true&filename=a.csv&unit_id=29&datum=gcj02');
    const q = new URLSearchParams(importQuery({ dryRun: false, validRowsOnly: true, delimiter: 'tab', mapping: ['owner_name', '', 'location'] }));
    expect([...q.entries()]).toEqual([
      ['dry_run', 'false'],
      ['mode', 'valid_rows'],
      ['delimiter', 'tab'],
      ['map.0', 'owner_name'],
      ['map.1', ''],
      ['map.2', 'location'],
    ]);
  });

  it('names a column by letter and header, and the problems by row, column and field', () => {
    expect(columnText(27, Array(28).fill('x'), '整行')).toBe('AB · x');
    expect(columnText(-1, [], '整行')).toBe('整行');
    const report = {
      headers: ['使用单位（户）', '位置'],
      details: [
        { row: 2, issues: [] },
        { row: 5, issues: [{ column: 1, field: 'location', code: 'not_a_location' }, { column: 0, field: 'owner_name', code: 'required' }] },
      ],
    };
    expect(issueRows(report, boilerType, 'zh-CN', (i) => i.code, '整行')).toEqual([
      { row: 5, column: 'B · 位置', field: '位置', reason: 'not_a_location' },
      { row: 5, column: 'A · 使用单位（户）', field: '使用单位（户）', reason: 'required' },
    ]);
  });

  it('offers the type’s fields and built-ins as columns, and counts what would be written', () => {
    const choices = mappingChoices(boilerType, 'en');
    expect(choices[0]).toEqual({ value: 'owner_name', label: 'Owner' });
    expect(choices.map((c) => c.value)).toContain('location');
    expect(writable({ new: 2, changed: 3, unchanged: 9 })).toBe(5);
    expect(isLedgerSheet({ name: '台账.XLSX' })).toBe(true);
    expect(isLedgerSheet({ name: '台账.xls' })).toBe(false);
  });
});
