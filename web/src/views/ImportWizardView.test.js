import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, flushPromises, mountWithApp, settle } from '../../tests/helpers.js';

vi.mock('../api/campaigns.js', () => ({ getCampaign: vi.fn() }));
vi.mock('../api/imports.js', () => ({
  previewImport: vi.fn(),
  runImport: vi.fn(),
  importTemplateUrl: (id) => `/api/v1/campaigns/${id}/import/template`,
}));
import { getCampaign } from '../api/campaigns.js';
import { previewImport, runImport } from '../api/imports.js';
import ImportWizardView from './ImportWizardView.vue';

const preview = {
  sheets: ['任务台账'],
  sheet: 0,
  header_row: 1,
  headers: ['序号', '工作任务', '责任单位', '完成时限', '任务ID（请勿修改）'],
  rows: [['1', '散煤清零', '南郊乡', '2018-02-20', '5']],
  row_count: 1,
  fields: [
    { key: 'code', label_zh: '序号', required: false },
    { key: 'title', label_zh: '工作任务', required: true },
    { key: 'owner_unit', label_zh: '责任单位', required: true },
    { key: 'deadline', label_zh: '完成时限', required: true },
    { key: 'task_id', label_zh: '任务ID', required: false },
  ],
  suggested_mapping: { code: 0, title: 1, owner_unit: 2, deadline: 3, task_id: 4 },
};

async function toReport(report, locale = 'zh-CN') {
  getCampaign.mockResolvedValue({ id: 3, name: '攻坚行动' });
  previewImport.mockResolvedValue(preview);
  runImport.mockResolvedValue(report);
  const mounted = await mountWithApp(ImportWizardView, { path: '/campaigns/3', locale });
  const input = $('input[data-test="import-file"]');
  const file = new File([new Uint8Array([0x50, 0x4b])], '台账.xlsx');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle();
  $('[data-test="import-validate"]').click();
  await settle();
  return mounted;
}

describe('ImportWizardView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('offers the import template on the first step', async () => {
    getCampaign.mockResolvedValue({ id: 3, name: '攻坚行动' });
    await mountWithApp(ImportWizardView, { path: '/campaigns/3' });
    await flushPromises();
    const link = $('[data-test="import-template"]');
    expect(link.textContent).toContain('下载导入模板');
    expect(link.getAttribute('href')).toBe('/api/v1/campaigns/3/import/template');
  });

  it('shows new / changed / unchanged and the changes per field of a re-imported ledger', async () => {
    await toReport({
      total_rows: 4,
      valid_rows: 4,
      invalid_rows: 0,
      created: 0,
      updated: 0,
      new_rows: 1,
      changed_rows: 2,
      unchanged_rows: 1,
      dry_run: true,
      errors: [],
      changes: [
        { row: 2, task_id: 5, title: '散煤清零', fields: [{ field: 'deadline', from: '2018-02-28', to: '2018-02-20' }] },
        { row: 4, task_id: 7, title: '锅炉淘汰', fields: [{ field: 'title', from: '锅炉淘汰', to: '锅炉全部淘汰' }] },
      ],
    });
    expect($('[data-test="import-diff"]').textContent.trim()).toBe('新增 1 项 / 修改 2 项 / 未变 1 项');
    const table = $('[data-test="import-changes"]').textContent;
    expect(table).toContain('完成时限');
    expect(table).toContain('2018-02-28');
    expect(table).toContain('2018-02-20');
    expect(table).toContain('锅炉全部淘汰');
  });

  it('translates row errors by their code, in Chinese and in English', async () => {
    const report = {
      total_rows: 1,
      valid_rows: 0,
      invalid_rows: 1,
      created: 0,
      dry_run: true,
      changes: [],
      errors: [
        { row: 2, column: 'C', field: 'owner_unit', message: 'there is no unit named "无"', code: 'unknown_unit', params: { name: '无' } },
        { row: 3, column: 'K', field: 'target_value', message: 'x', code: 'sum_mismatch', params: { expected: '100 户', actual: '60 户' } },
      ],
    };
    await toReport(report);
    let reasons = $$('[data-test="import-reason"]').map((e) => e.textContent);
    expect(reasons[0]).toBe('没有名为“无”的单位');
    expect(reasons[1]).toContain('100 户');
    expect(reasons[1]).not.toMatch(/add up/);
    expect($('[data-test="import-diff"]')).toBeNull();
    document.body.innerHTML = '';
    await toReport(report, 'en');
    reasons = $$('[data-test="import-reason"]').map((e) => e.textContent);
    expect(reasons[0]).toBe('there is no unit named "无"');
    expect(reasons[1]).toMatch(/add up to 60 户/);
  });
});
