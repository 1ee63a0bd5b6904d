import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { boilerRow, boilerType, photoFile } from '../../tests/fixtures/ledgers.js';

vi.mock('../api/ledgers.js', () => ({
  listLedgerTypes: vi.fn(),
  getLedgerRow: vi.fn(),
  listLedgerRowEvents: vi.fn(),
  uploadLedgerFile: vi.fn(),
  runLedgerAction: vi.fn(),
  updateLedgerRow: vi.fn(),
  createLedgerRow: vi.fn(),
}));
vi.mock('../api/inspections.js', () => ({ listChecklists: vi.fn(async () => ({ items: [] })), listInspections: vi.fn(async () => ({ items: [], total: 0 })) }));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { getLedgerRow, listLedgerRowEvents, listLedgerTypes } from '../api/ledgers.js';
import { listChecklists, listInspections } from '../api/inspections.js';
import { createPinia, setActivePinia } from 'pinia';
import { useAuthStore } from '../stores/auth.js';
import { inspection, sixChecklist } from '../../tests/fixtures/inspections.js';
import LedgerRowView from './LedgerRowView.vue';

const events = [
  { id: 1, action: 'create', from: null, to: 'registered', actor: { id: 4, name: '南郊乡工作人员' }, at: '2017-12-20T01:00:00Z', note: '', evidence: [] },
  { id: 2, action: 'stop', from: 'registered', to: 'stopped', actor: { id: 4, name: '南郊乡工作人员' }, at: '2017-12-20T01:10:00Z', note: '炉门贴封条', evidence: [8] },
];

async function mountRow(row, permissions = ['ledgers.read']) {
  getLedgerRow.mockResolvedValue(row);
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 6, name: 'x' }, permissions, loaded: true });
  const mounted = await mountWithApp(LedgerRowView, { path: `/ledger-rows/${row.id}`, pinia });
  await settle(0);
  return mounted;
}
const buttons = () => $$('.head-panel .button-bar .el-button').map((b) => b.textContent.trim());

describe('LedgerRowView', () => {
  beforeEach(() => {
    listLedgerTypes.mockResolvedValue({ items: [boilerType] });
    listLedgerRowEvents.mockResolvedValue({ items: events });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows the fields with labels and units, the unit, state and location', async () => {
    await mountRow(boilerRow);
    expect($('[data-test="ledger-row-title"]').textContent).toBe('南郊乡康乐浴池');
    expect($('.head-panel [data-test="workflow-status"]').textContent.trim()).toBe('已排查登记');
    expect($('[data-test="ledger-value-capacity"]').textContent).toBe('2 t/h');
    expect($('[data-test="ledger-value-use"]').textContent).toBe('洗浴');
    expect($('[data-test="ledger-value-in_built_up_area"]').textContent).toBe('否');
    expect($('[data-test="ledger-row-fields"]').textContent).toContain('南郊乡');
    expect($('[data-test="ledger-row-location"]').textContent).toBe('114.371200, 34.765100');
    expect($('[data-test="ledger-row-map-link"]').getAttribute('href')).toBe('/map?layers=coal_boilers&focus=41');
  });

  it('offers exactly the row’s actions, labelled by the workflow definition', async () => {
    await mountRow(boilerRow);
    expect(buttons()).toEqual(['停用', '报拆除/改造完成', '编辑']);
    document.body.innerHTML = '';
    await mountRow({ ...boilerRow, status: 'removed', actions: ['verify', 'return'] });
    expect(buttons()).toEqual(['核验销号', '退回']);
    document.body.innerHTML = '';
    await mountRow({ ...boilerRow, status: 'verified', actions: [] });
    expect(buttons()).toEqual([]);
    // Not a party: no uploader either.
    expect($('input[data-test="ledger-file-camera"]')).toBeNull();
  });

  it('opens the action dialog with the action’s fields', async () => {
    await mountRow(boilerRow);
    $('[data-test="ledger-action-stop"]').click();
    await settle(0);
    expect($('[data-test="ledger-action-dialog"] .el-dialog__title').textContent).toBe('停用');
    expect($('[data-test="ledger-action-field-stop_date"]')).not.toBeNull();
  });

  it('shows the files as a gallery and the history with each move’s photos', async () => {
    const files = [photoFile(7), photoFile(8, { event_id: 2, taken_at: '2017-12-20T09:05:00' }), { ...photoFile(9), kind: 'document', filename: '拆除合同.pdf', thumbnail_url: null }];
    await mountRow({ ...boilerRow, status: 'stopped', files });
    expect($$('[data-test="ledger-photo"]')).toHaveLength(2);
    expect($('[data-test="ledger-document"]').textContent).toBe('拆除合同.pdf');
    const items = $$('[data-test="ledger-row-history"] [data-test="workflow-event"]');
    expect(items.map((e) => e.querySelector('[data-test="workflow-event-action"]').textContent.trim())).toEqual(['创建', '停用']);
    expect(items[1].querySelector('[data-test="workflow-event-note"]').textContent).toBe('炉门贴封条');
    expect(items[1].querySelectorAll('[data-test="workflow-evidence-thumb"]')).toHaveLength(1);
    expect(items[1].querySelector('[data-test="workflow-evidence-taken"]').textContent).toContain('2017-12-20 09:05');
  });

  it('says so when the row cannot be had', async () => {
    const { ApiError } = await import('../api/client.js');
    getLedgerRow.mockRejectedValue(new ApiError({ status: 404, code: 'ledger_row_not_found' }));
    await mountWithApp(LedgerRowView, { path: '/ledger-rows/99' });
    await settle(0);
    expect($('.el-alert--error')).not.toBeNull();
  });

  it('lists the row’s inspections, and offers 现场检查 to an inspector where the server has a checklist', async () => {
    listInspections.mockResolvedValue({ items: [{ ...inspection, items: [] }], total: 1, page: 1, per_page: 20 });
    await mountRow(boilerRow);
    expect(listInspections).toHaveBeenCalledWith({ ledger_row_id: 41, per_page: 20 });
    expect($('[data-test="ledger-row-inspections"] .section-title').textContent).toBe('检查（1）');
    const card = $('[data-test="inspection-card"]');
    expect(card.getAttribute('href')).toBe('/inspections/9');
    expect(card.querySelector('[data-test="inspection-result"]').textContent.trim()).toBe('不合格');
    expect(card.textContent).toContain('检查人：督导组检查员');
    // Not an inspector: no button, and the type's checklists are not even asked for.
    expect($('[data-test="ledger-row-inspect"]')).toBeNull();
    expect(listChecklists).not.toHaveBeenCalledWith('coal_boilers');

    document.body.innerHTML = '';
    listChecklists.mockResolvedValue({ items: [sixChecklist] });
    const { router } = await mountRow(boilerRow, ['ledgers.read', 'inspections.write']);
    expect(listChecklists).toHaveBeenCalledWith('coal_boilers');
    $('[data-test="ledger-row-inspect"]').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/ledger-rows/41/inspect');

    document.body.innerHTML = '';
    listChecklists.mockResolvedValue({ items: [] });
    listInspections.mockResolvedValue({ items: [], total: 0 });
    await mountRow(boilerRow, ['ledgers.read', 'inspections.write']);
    expect($('[data-test="ledger-row-inspect"]')).toBeNull();
    expect($('[data-test="ledger-row-inspections"]').textContent).toContain('暂无检查记录');
  });
});
