import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { inspection, sixChecklist } from '../../tests/fixtures/inspections.js';

vi.mock('../api/inspections.js', () => ({ getInspection: vi.fn(), listChecklists: vi.fn() }));
import { getInspection, listChecklists } from '../api/inspections.js';
import { useAuthStore } from '../stores/auth.js';
import InspectionView from './InspectionView.vue';

async function mountRecord(record, locale = 'zh-CN', permissions = ['ledgers.read']) {
  getInspection.mockResolvedValue(record);
  listChecklists.mockResolvedValue({ items: [sixChecklist] });
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 5 }, permissions, loaded: true });
  const mounted = await mountWithApp(InspectionView, { path: `/inspections/${record.id}`, locale, pinia });
  await settle(0);
  return mounted;
}

describe('InspectionView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows what was inspected, when, where, by whom, and the result', async () => {
    await mountRecord(inspection);
    expect(getInspection).toHaveBeenCalledWith(9);
    expect($('[data-test="inspection-title"]').textContent.trim()).toBe('南郊乡安置房二期工程');
    expect($('[data-test="inspection-row-link"]').getAttribute('href')).toBe('/ledger-rows/52');
    expect($('.head [data-test="inspection-result"]').textContent.trim()).toBe('不合格');
    expect($('.head').textContent).toContain('建筑工地“六个百分百”检查');
    const facts = $('[data-test="inspection-facts"]').textContent;
    expect(facts).toContain('督导组检查员');
    expect(facts).toContain('南郊乡');
    expect(facts).toContain('责令立即覆盖');
    expect($('[data-test="inspection-person-met"]').textContent).toBe('王经理');
    expect($('[data-test="inspection-location"]').textContent).toBe('114.365500, 34.761200');
  });

  it('lists the items in the checklist’s order with their results, notes and problems asked for', async () => {
    await mountRecord(inspection);
    const items = $$('[data-test="inspection-items"] > li');
    expect(items.map((li) => li.dataset.test)).toEqual(['inspection-item-fencing', 'inspection-item-covering', 'inspection-item-wet_demolition']);
    expect(items.map((li) => li.querySelector('[data-test="inspection-result"]').textContent.trim())).toEqual(['合格', '不合格', '不适用']);
    expect(items[0].textContent).toContain('施工现场围挡百分之百');
    expect(items[1].querySelector('[data-test="inspection-item-note"]').textContent).toBe('东侧土方未覆盖');
    expect(items[1].querySelector('[data-test="inspection-item-problem"]').textContent.trim()).toBe('待转督办问题');
    expect(items[0].querySelector('[data-test="inspection-item-problem"]')).toBeNull();
  });

  it('links the supervision problem a failed item opened, for a reader of problems', async () => {
    await mountRecord({ ...inspection, items: [{ ...inspection.items[1], open_problem: true, problem_id: 4 }] }, 'zh-CN', ['ledgers.read', 'problems.read']);
    expect($('[data-test="inspection-item-problem-link"]').getAttribute('href')).toBe('/problems/4');
  });

  it('shows the photos as a gallery and the signature full size', async () => {
    await mountRecord(inspection);
    expect($$('[data-test="ledger-photo"]')).toHaveLength(1);
    expect($('[data-test="inspection-signature-image"]').getAttribute('src')).toBe('/api/v1/record-files/32');
    expect($('[data-test="inspection-signature"]').textContent).toContain('王经理 签字');
    document.body.innerHTML = '';
    await mountRecord({ ...inspection, files: [], items: [{ ...inspection.items[1], open_problem: true, problem_id: 4 }] }, 'en');
    expect($('[data-test="inspection-signature"]').textContent).toContain('Not signed');
    expect($('[data-test="inspection-item-problem"]').textContent.trim()).toBe('Supervision problem #4');
    expect($('[data-test="inspection-item-problem-link"]')).toBeNull();
    expect($('[data-test="inspection-result"]').textContent.trim()).toBe('Fail');
  });

  it('says so when the record cannot be had', async () => {
    const { ApiError } = await import('../api/client.js');
    getInspection.mockRejectedValue(new ApiError({ status: 404, code: 'inspection_not_found' }));
    listChecklists.mockResolvedValue({ items: [] });
    await mountWithApp(InspectionView, { path: '/inspections/99' });
    await settle(0);
    expect($('.el-alert--error').textContent).toContain('检查记录不存在');
  });

  it('links an enterprise’s inspection to the enterprise’s file', async () => {
    await mountRecord({ ...inspection, ledger_row_id: null, enterprise_id: 1, target_title: '开封市禹王台区金明机械配件厂' });
    expect($('[data-test="inspection-row-link"]')).toBeNull();
    expect($('[data-test="inspection-enterprise-link"]').getAttribute('href')).toBe('/enterprises/1');
  });
});
