import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../../tests/helpers.js';

vi.mock('../../api/enterprises.js', () => ({ importBannedEnterprises: vi.fn() }));
import { ApiError } from '../../api/client.js';
import { importBannedEnterprises } from '../../api/enterprises.js';
import BannedImportDialog from './BannedImportDialog.vue';

const report = (extra = {}) => ({
  encoding: 'gb18030',
  total_rows: 3,
  valid_rows: 3,
  invalid_rows: 0,
  imported: 0,
  duplicate_lines: [],
  alerts: 1,
  ignored_columns: ['备注'],
  errors: [],
  errors_truncated: false,
  dry_run: true,
  ...extra,
});
const badReport = report({
  valid_rows: 1,
  invalid_rows: 2,
  alerts: 0,
  errors: [
    { line: 3, column: 2, column_name: '统一社会信用代码', field: 'credit_code', code: 'credit_code_check', params: { expected: '7' }, message: 'x' },
    { line: 4, column: 7, column_name: '取缔日期', field: 'banned_on', code: 'not_a_date', params: {}, message: 'x' },
  ],
});
const stat = (key) => $(`[data-test="banned-import-stat-${key}"] b`).textContent;

async function pick(name = '龙亭区通报.csv') {
  const input = $('input[data-test="banned-import-file"]');
  Object.defineProperty(input, 'files', { value: [new File(['名称\n甲厂'], name, { type: 'text/csv' })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle(0);
}

describe('BannedImportDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('checks the file first and shows each error at its line and column; nothing can be imported then', async () => {
    importBannedEnterprises.mockResolvedValueOnce(badReport);
    await mountWithApp(BannedImportDialog, { props: { modelValue: true } });
    await pick();
    expect(importBannedEnterprises).toHaveBeenCalledWith(expect.any(File), true);
    expect(stat('total')).toBe('3');
    expect(stat('invalid')).toBe('2');
    expect($('[data-test="banned-import-has-errors"]').textContent).toContain('名单有 2 行错误');
    const rows = $$('[data-test="import-errors"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('3');
    expect(rows[0].querySelector('[data-test="import-column"]').textContent).toBe('2 统一社会信用代码');
    expect(rows[0].querySelector('[data-test="import-reason"]').textContent).toBe('校验码（最后一位）不符：按前 17 位应为 7');
    expect($('[data-test="banned-import-run"]').disabled).toBe(true);
    // Another file, then.
    $('[data-test="banned-import-again"]').click();
    await settle(0);
    expect($('input[data-test="banned-import-file"]')).not.toBeNull();
  });

  it('previews the alerts a clean file would raise, skips listed rows, then imports it all', async () => {
    importBannedEnterprises.mockResolvedValueOnce(report({ duplicate_lines: [4] }));
    const { wrapper } = await mountWithApp(BannedImportDialog, { props: { modelValue: true } });
    await pick();
    expect($('[data-test="banned-import-preview"]').textContent).toContain('编码：gb18030');
    expect(stat('alerts')).toBe('1');
    expect($('[data-test="banned-import-would-raise"]').textContent).toContain('导入后将产生 1 条疑似搬迁预警');
    expect($('[data-test="banned-import-duplicates"]').textContent).toContain('第 4 行');
    expect($('[data-test="banned-import-ignored"]').textContent).toContain('备注');
    const run = $('[data-test="banned-import-run"]');
    expect(run.textContent.trim()).toBe('导入 2 家');
    importBannedEnterprises.mockResolvedValueOnce(report({ imported: 2, dry_run: false, duplicate_lines: [4] }));
    run.click();
    await settle(0);
    expect(importBannedEnterprises).toHaveBeenLastCalledWith(expect.any(File), false);
    expect($('[data-test="banned-import-done"]').textContent).toContain('已导入 2 家，发现 1 条疑似搬迁预警');
    expect(wrapper.emitted('imported')[0][0].imported).toBe(2);
  });

  it('says what is wrong with a file that is no list, and shows the report of an import refused', async () => {
    importBannedEnterprises.mockRejectedValueOnce(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'file', code: 'csv_missing_column', params: { column: '名称' } }] }));
    await mountWithApp(BannedImportDialog, { props: { modelValue: true } });
    await pick();
    expect($('[data-test="banned-import-error"]').textContent).toContain('表头缺少“名称”列');

    importBannedEnterprises.mockResolvedValueOnce(report());
    await pick();
    importBannedEnterprises.mockRejectedValueOnce(new ApiError({ status: 422, code: 'banned_list_has_errors', params: { rows: 2 }, body: { report: badReport } }));
    $('[data-test="banned-import-run"]').click();
    await settle(0);
    expect($('[data-test="banned-import-error"]').textContent).toContain('名单有 2 行存在错误');
    expect($$('[data-test="import-errors"] .el-table__body tr')).toHaveLength(2);
  });
});
