import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../../tests/helpers.js';

vi.mock('../../api/enterprises.js', () => ({ importEnterprises: vi.fn() }));
import { ApiError } from '../../api/client.js';
import { importEnterprises } from '../../api/enterprises.js';
import EnterpriseImportDialog from './EnterpriseImportDialog.vue';

const report = (extra = {}) => ({
  format: 'csv (gb18030)',
  datum: 'wgs84',
  header_row: 2,
  headers: ['企业名称', '统一社会信用代码', '备注'],
  mapping: ['name', 'credit_code', ''],
  ignored_columns: ['备注'],
  rows: 3,
  new: 1,
  changed: 1,
  unchanged: 1,
  errors: 0,
  dry_run: true,
  written: false,
  details: [
    { row: 3, outcome: 'new', id: null, name: '禹王台区鑫源塑料制品有限公司', changes: [], issues: [] },
    { row: 4, outcome: 'changed', id: 7, name: '开封市禹王台区金明机械配件厂', changes: [{ field: 'legal_rep', from: '王金明', to: '王明' }], issues: [] },
    { row: 5, outcome: 'unchanged', id: 8, name: '南郊村铁皮加工点', changes: [], issues: [] },
  ],
  alerts: [{ row: 3, id: null, enterprise_id: null, name: '禹王台区鑫源塑料制品有限公司', banned_enterprise_id: 4, banned_name: '开封市龙亭区鑫源塑料颗粒加工厂', banned_origin: '龙亭区', score: 0.82, reasons: ['legal_rep', 'name:0.7'] }],
  ...extra,
});
const badReport = report({
  new: 0,
  changed: 0,
  errors: 2,
  alerts: [],
  details: [
    {
      row: 3,
      outcome: 'error',
      id: null,
      name: '错码厂',
      changes: [],
      issues: [{ column: 2, column_name: '统一社会信用代码', field: 'credit_code', code: 'credit_code_check', params: { expected: '7' }, message: 'x' }],
    },
    {
      row: 4,
      outcome: 'error',
      id: null,
      name: '越界厂',
      changes: [],
      issues: [{ column: 9, column_name: '所属单位', field: 'unit', code: 'not_in_scope', params: {}, message: 'x' }],
    },
    { row: 5, outcome: 'unchanged', id: 8, name: '南郊村铁皮加工点', changes: [], issues: [] },
  ],
});
const stat = (key) => $(`[data-test="enterprise-import-stat-${key}"] b`).textContent;

async function pick(name = '企业名录.csv') {
  const input = $('input[data-test="enterprise-import-file"]');
  Object.defineProperty(input, 'files', { value: [new File(['企业名称\n甲厂'], name, { type: 'text/csv' })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle(0);
}

describe('EnterpriseImportDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('checks the file first and names each error by row, column and reason; nothing can be imported then', async () => {
    importEnterprises.mockResolvedValueOnce(badReport);
    await mountWithApp(EnterpriseImportDialog, { props: { modelValue: true } });
    await pick();
    expect(importEnterprises).toHaveBeenCalledWith(expect.any(File), { dryRun: true, datum: 'wgs84' });
    expect(stat('rows')).toBe('3');
    expect(stat('errors')).toBe('2');
    expect($('[data-test="enterprise-import-has-errors"]').textContent).toContain('有 2 行存在错误');
    const rows = $$('[data-test="import-errors"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('3');
    expect(rows[0].querySelector('[data-test="import-column"]').textContent).toBe('2 统一社会信用代码');
    expect(rows[0].querySelector('[data-test="import-reason"]').textContent).toBe('校验码（最后一位）不符：按前 17 位应为 7');
    expect(rows[1].querySelector('[data-test="import-column"]').textContent).toBe('9 所属单位');
    expect(rows[1].textContent).toContain('所属单位');
    expect(rows[1].querySelector('[data-test="import-reason"]').textContent).toBe('单位不存在或不在您的管辖范围内');
    expect($('[data-test="enterprise-import-run"]').disabled).toBe(true);
    // Another file, then.
    $('[data-test="enterprise-import-again"]').click();
    await settle(0);
    expect($('input[data-test="enterprise-import-file"]')).not.toBeNull();
  });

  it('previews what changes and the relocations it would raise, then imports it all in the datum chosen', async () => {
    importEnterprises.mockResolvedValueOnce(report());
    const { wrapper } = await mountWithApp(EnterpriseImportDialog, { props: { modelValue: true } });
    await pick();
    expect($('[data-test="enterprise-import-format"]').textContent).toContain('csv (gb18030)');
    expect(stat('new')).toBe('1');
    expect(stat('changed')).toBe('1');
    expect(stat('unchanged')).toBe('1');
    expect(stat('alerts')).toBe('1');
    expect($('[data-test="enterprise-import-would-raise"]').textContent).toContain('导入后将产生 1 条疑似搬迁预警');
    expect($('[data-test="enterprise-import-alerts"]').textContent).toContain('开封市龙亭区鑫源塑料颗粒加工厂');
    expect($('[data-test="enterprise-import-alerts"]').textContent).toContain('82%');
    const change = $$('[data-test="enterprise-import-changes"] .el-table__body tr');
    expect(change).toHaveLength(1);
    expect(change[0].textContent).toContain('法定代表人');
    expect(change[0].textContent).toContain('王金明');
    expect(change[0].textContent).toContain('王明');
    expect($('[data-test="enterprise-import-ignored"]').textContent).toContain('备注');

    // Another datum: checked again in it.
    importEnterprises.mockResolvedValueOnce(report({ datum: 'gcj02' }));
    $('[data-test="enterprise-import-datum"]').click();
    await settle(0);
    const gcj = $$('.el-select-dropdown__item').find((e) => e.textContent.includes('GCJ-02'));
    gcj.click();
    await settle(0);
    expect(importEnterprises).toHaveBeenLastCalledWith(expect.any(File), { dryRun: true, datum: 'gcj02' });

    const run = $('[data-test="enterprise-import-run"]');
    expect(run.textContent.trim()).toBe('导入（2 家）');
    const written = report({ dry_run: false, written: true, alerts: [{ ...report().alerts[0], id: 12, enterprise_id: 30 }] });
    importEnterprises.mockResolvedValueOnce(written);
    run.click();
    await settle(0);
    expect(importEnterprises).toHaveBeenLastCalledWith(expect.any(File), { datum: 'gcj02' });
    expect($('[data-test="enterprise-import-done"]').textContent).toContain('导入完成：新增 1 家，更新 1 家，未变 1 家');
    expect($('[data-test="enterprise-import-done"]').textContent).toContain('发现 1 条疑似搬迁预警');
    expect(wrapper.emitted('imported')[0][0].written).toBe(true);
  });

  it('says nothing is to be written when the file changes nothing', async () => {
    importEnterprises.mockResolvedValueOnce(report({ new: 0, changed: 0, unchanged: 3, alerts: [], details: [] }));
    await mountWithApp(EnterpriseImportDialog, { props: { modelValue: true } });
    await pick();
    expect($('[data-test="enterprise-import-nothing"]')).not.toBeNull();
    expect($('[data-test="enterprise-import-run"]').disabled).toBe(true);
  });

  it('refuses what is no spreadsheet, says what is wrong with a file that is no registry, and shows the report of an import refused', async () => {
    await mountWithApp(EnterpriseImportDialog, { props: { modelValue: true } });
    await pick('名录.pdf');
    expect(importEnterprises).not.toHaveBeenCalled();
    expect($('[data-test="enterprise-import-error"]').textContent).toContain('请选择 .xlsx 或 .csv 文件');

    importEnterprises.mockRejectedValueOnce(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'file', code: 'enterprise_no_header', params: { rows: '10' } }] }));
    await pick();
    expect($('[data-test="enterprise-import-error"]').textContent).toContain('前 10 行中没有找到含“企业名称”列的表头');

    importEnterprises.mockResolvedValueOnce(report());
    await pick();
    importEnterprises.mockRejectedValueOnce(new ApiError({ status: 422, code: 'enterprise_list_has_errors', params: { rows: 2 }, body: { report: badReport } }));
    $('[data-test="enterprise-import-run"]').click();
    await settle(0);
    expect($('[data-test="enterprise-import-error"]').textContent).toContain('企业名录有 2 行存在错误');
    expect($$('[data-test="import-errors"] .el-table__body tr')).toHaveLength(2);
  });
});
