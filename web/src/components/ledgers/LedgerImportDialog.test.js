import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../../tests/helpers.js';
import { boilerType } from '../../../tests/fixtures/ledgers.js';

vi.mock('../../api/ledgers.js', () => ({ importLedger: vi.fn() }));
vi.mock('../../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 29, name: '南郊乡', children: [] }] })) }));
import { importLedger } from '../../api/ledgers.js';
import LedgerImportDialog from './LedgerImportDialog.vue';

// A CSV of three rows, the second with a capacity out of range.
const report = (extra = {}) => ({
  ledger_type: 'coal_boilers',
  format: 'csv (gb18030)',
  headers: ['使用单位（户）', '责任单位', '额定容量', '用途', '状态', '坐标'],
  mapping: ['owner_name', 'unit', 'capacity', 'use', 'status', ''],
  ignored_columns: ['status'],
  rows: 3,
  new: 2,
  changed: 0,
  unchanged: 0,
  errors: 1,
  written: false,
  details: [
    { row: 2, outcome: 'new', id: null, title: '康乐浴池', issues: [] },
    { row: 3, outcome: 'error', id: null, title: '红星浴池', issues: [{ column: 2, field: 'capacity', code: 'out_of_range', message: 'must be between 0 and 35', params: { min: '0', max: '35' } }] },
    { row: 4, outcome: 'error', id: null, title: '', issues: [{ column: -1, field: '', code: 'duplicate_of', message: 'dup', params: { other: '第2行' } }] },
  ],
  ...extra,
});

async function mountDialog(locale = 'zh-CN') {
  const mounted = await mountWithApp(LedgerImportDialog, { props: { modelValue: true, type: boilerType }, locale });
  await settle(0);
  return mounted;
}
async function pick(name = '锅炉台账.csv') {
  const input = $('input[data-test="import-file"]');
  Object.defineProperty(input, 'files', { value: [new File(['a,b\n1,2\n'], name, { type: 'text/csv' })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle();
}
const queryOf = (call) => Object.fromEntries(new URLSearchParams(call[2]));

describe('LedgerImportDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('previews the file: its format, the columns, the counts and each problem at its row and column', async () => {
    importLedger.mockResolvedValue({ report: report() });
    await mountDialog();
    await pick();
    expect(importLedger).toHaveBeenCalledTimes(1);
    expect(importLedger.mock.calls[0][0]).toBe('coal_boilers');
    expect(queryOf(importLedger.mock.calls[0])).toEqual({ dry_run: 'true', filename: '锅炉台账.csv', datum: 'wgs84' });
    expect($('[data-test="import-format"]').textContent).toContain('csv (gb18030)');
    expect($('[data-test="import-stat-new"]').textContent).toContain('2');
    expect($('[data-test="import-stat-errors"]').textContent).toContain('1');
    expect($('[data-test="import-stat-errors"]').classList.contains('bad')).toBe(true);
    // Each header with the column it fills (the server's matching).
    expect($('[data-test="import-map-2"]').textContent).toContain('额定容量');
    expect($('[data-test="import-map-select-2"] .el-select__placeholder').textContent.trim()).toBe('额定容量');
    expect($('[data-test="import-map-select-5"] .el-select__placeholder').textContent.trim()).toBe('不导入');
    expect($('[data-test="import-ignored"]').textContent).toContain('状态');
    // The row report: the row, the column (letter and header), the field, the reason by its code.
    const lines = $$('[data-test="import-errors"] tbody tr').map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()));
    expect(lines).toEqual([
      ['3', 'C · 额定容量', '额定容量', '须在 0 至 35 之间'],
      ['4', '整行', '', '疑似与 第2行 重复（统一社会信用代码相同，或名称和地址相同）'],
    ]);
    // With errors only the valid rows can go in.
    expect($('[data-test="import-all"]').disabled).toBe(true);
    expect($('[data-test="import-valid-only"]').disabled).toBe(false);
  });

  it('reads the reasons in English too', async () => {
    importLedger.mockResolvedValue({ report: report() });
    await mountDialog('en');
    await pick();
    expect($$('[data-test="import-reason"]')[0].textContent).toBe('must be between 0 and 35');
    expect($$('[data-test="import-column"]')[1].textContent).toBe('Whole row');
  });

  it('previews again with every column when one is remapped, and with the options', async () => {
    importLedger.mockResolvedValue({ report: report() });
    const { wrapper } = await mountDialog();
    await pick();
    const selects = wrapper.findAllComponents({ name: 'ElSelect' }).filter((c) => c.attributes('data-test')?.startsWith('import-map-select-'));
    selects[5].vm.$emit('update:modelValue', 'location');
    await settle();
    expect(queryOf(importLedger.mock.calls[1])).toMatchObject({
      'map.0': 'owner_name',
      'map.1': 'unit',
      'map.2': 'capacity',
      'map.3': 'use',
      'map.4': 'status',
      'map.5': 'location',
    });
    // An ignored column is sent as such (an empty name).
    selects[3].vm.$emit('update:modelValue', '');
    await settle();
    expect(importLedger.mock.calls[2][2]).toContain('map.3=&');
    // The delimiter of a CSV, the datum of the location column.
    wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-test') === 'import-delimiter').vm.$emit('update:modelValue', 'tab');
    await settle();
    expect(queryOf(importLedger.mock.lastCall)).toMatchObject({ delimiter: 'tab', dry_run: 'true' });
  });

  it('imports the valid rows only after confirming, and shows what was written', async () => {
    importLedger.mockResolvedValueOnce({ report: report() });
    importLedger.mockResolvedValueOnce({ report: report({ written: true }) });
    const { wrapper } = await mountDialog();
    await pick();
    $('[data-test="import-valid-only"]').click();
    await settle();
    const box = $('.el-message-box');
    expect(box.textContent).toContain('将写入 2 行无误的数据，跳过 1 行有错误的数据');
    box.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle(300);
    expect(queryOf(importLedger.mock.calls[1])).toMatchObject({ dry_run: 'false', mode: 'valid_rows' });
    expect($('[data-test="import-result"]').textContent).toContain('新增 2 条');
    expect($('[data-test="import-result"]').textContent).toContain('跳过 1 行有错误的数据');
    expect(wrapper.emitted('imported')[0][0].written).toBe(true);
  });

  it('imports all rows when none is in error; a large file goes to the background', async () => {
    const clean = report({ errors: 0, details: [] });
    importLedger.mockResolvedValueOnce({ report: clean });
    importLedger.mockResolvedValueOnce({ report: { ...clean, written: false }, job: { id: 'ab12', url: '/api/v1/ledger-imports/ab12' } });
    const { wrapper } = await mountDialog();
    await pick('锅炉.xlsx');
    expect($('[data-test="import-valid-only"]')).toBeNull();
    expect($('.el-alert--success').textContent).toContain('全部 3 行检查通过');
    $('[data-test="import-all"]').click();
    await settle();
    expect(queryOf(importLedger.mock.calls[1])).toMatchObject({ dry_run: 'false' });
    expect(queryOf(importLedger.mock.calls[1]).mode).toBeUndefined();
    expect(wrapper.emitted('job')[0][0]).toMatchObject({ id: 'ab12' });
    expect(wrapper.emitted('update:modelValue')[0]).toEqual([false]);
  });

  it('says so when nothing was written after all, and refuses other files', async () => {
    const clean = report({ errors: 0, details: [] });
    importLedger.mockResolvedValueOnce({ report: clean });
    importLedger.mockResolvedValueOnce({ report: report() });
    await mountDialog();
    await pick('台账.pdf');
    expect(importLedger).not.toHaveBeenCalled();
    expect($('[data-test="import-error"]').textContent).toContain('请选择 .xlsx 或 .csv 文件');
    await pick();
    $('[data-test="import-all"]').click();
    await settle();
    expect($('[data-test="import-error"]').textContent).toContain('未写入任何一行');
    expect($$('[data-test="import-reason"]')).toHaveLength(2);
  });
});
