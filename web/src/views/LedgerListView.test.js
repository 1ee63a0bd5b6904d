import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { boilerRow, boilerType, emergencyType, gasType } from '../../tests/fixtures/ledgers.js';

vi.mock('../api/ledgers.js', () => ({
  listLedgerTypes: vi.fn(),
  listLedgerRows: vi.fn(),
  createLedgerRow: vi.fn(),
  updateLedgerRow: vi.fn(),
  importLedger: vi.fn(),
  getLedgerImport: vi.fn(),
  ledgerExportUrl: (type, query) => `/api/v1/ledgers/${type}/export.xlsx?${new URLSearchParams(query)}`,
}));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 29, name: '南郊乡', children: [] }] })) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
vi.mock('../api/aq.js', () => ({ getReductionPlan: vi.fn(async () => ({ whole_district: false, pollutants: [], levels: [], rows: [], rows_not_counted: 0 })) }));
import { getReductionPlan } from '../api/aq.js';
import { getLedgerImport, importLedger, listLedgerRows, listLedgerTypes } from '../api/ledgers.js';
import LedgerListView from './LedgerListView.vue';

const rows = (ids, status = 'registered') => ids.map((id) => ({ ...boilerRow, id, status, title: `浴池${id}`, fields: { ...boilerRow.fields, owner_name: `浴池${id}` } }));
const mountList = (path) => mountWithApp(LedgerListView, { path }).then(async (m) => (await settle(0), m));
const phone = () =>
  vi.spyOn(window, 'matchMedia').mockImplementation((query) => ({ matches: true, media: query, addEventListener: () => {}, removeEventListener: () => {} }));

describe('LedgerListView', () => {
  beforeEach(() => {
    listLedgerTypes.mockResolvedValue({ items: [boilerType, gasType, emergencyType] });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.clearAllMocks();
    sessionStorage.clear();
    document.body.innerHTML = '';
  });

  it('shows the type’s columns, its state tags and total, with a register button when the server allows', async () => {
    listLedgerRows.mockResolvedValue({ items: rows([3, 2]), total: 2, next_cursor: 'r2' });
    await mountList('/ledgers/coal_boilers');
    expect($('[data-test="ledger-title"]').textContent).toBe('燃煤小锅炉淘汰台账');
    expect($$('[data-test="ledger-table"] th').map((th) => th.textContent.trim())).toEqual(['使用单位（户）', '责任单位', '额定容量', '用途', '状态']);
    const first = $$('[data-test="ledger-table"] tbody tr')[0];
    expect([...first.querySelectorAll('td')].map((td) => td.textContent.trim())).toEqual(['浴池3', '南郊乡', '2 t/h', '洗浴', '已排查登记']);
    expect(first.querySelector('[data-test="ledger-row-link"]').getAttribute('href')).toBe('/ledger-rows/3');
    expect($('[data-test="ledger-total"]').textContent.trim()).toBe('共 2 条');
    expect($('[data-test="ledger-register"]')).not.toBeNull();
    expect($('[data-test="ledger-more"]')).toBeNull();
  });

  it('has no register button where the reader may not register', async () => {
    listLedgerRows.mockResolvedValue({ items: [], total: 0, next_cursor: '' });
    await mountList('/ledgers/gas_stations');
    expect($('[data-test="ledger-register"]')).toBeNull();
    expect($('[data-test="ledger-table"]').textContent).toContain('暂无记录');
  });

  it('filters as the URL says, with the type’s filter controls, and pages on by cursor', async () => {
    listLedgerRows.mockResolvedValueOnce({ items: rows(Array.from({ length: 50 }, (_, i) => 100 - i), 'stopped'), total: 60, next_cursor: 'r51' });
    listLedgerRows.mockResolvedValueOnce({ items: rows([50, 49], 'stopped'), total: -1, next_cursor: 'r49' });
    await mountList('/ledgers/coal_boilers?status=stopped&f.use=heating&unit_id=29');
    expect(listLedgerRows).toHaveBeenCalledWith('coal_boilers', { status: 'stopped', unit_id: 29, 'f.use': 'heating', per_page: 50, after: undefined, with_total: undefined });
    expect($$('[data-test="ledger-filters"] > *').map((el) => el.dataset.test || el.className)).toHaveLength(5);
    expect($('[data-test="ledger-filter-status"]').textContent).toContain('已停用');
    expect($('[data-test="ledger-filter-use"]').textContent).toContain('供暖');
    expect($('[data-test="ledger-total"]').textContent.trim()).toBe('共 60 条');
    $('[data-test="ledger-more"]').click();
    await settle(0);
    expect(listLedgerRows).toHaveBeenLastCalledWith('coal_boilers', { status: 'stopped', unit_id: 29, 'f.use': 'heating', per_page: 50, after: 'r51', with_total: false });
    expect($$('[data-test="ledger-table"] tbody tr')).toHaveLength(52);
  });

  it('shows the emergency reduction list’s reductions above its rows, for the unit filtered by, and no panel on other ledgers', async () => {
    listLedgerRows.mockResolvedValue({ items: [], total: 0, next_cursor: '' });
    await mountList('/ledgers/emergency_reduction_list?unit_id=29');
    // The panel is loaded with the page that shows it.
    await vi.waitFor(() => expect($('[data-test="reduction-panel"]')).not.toBeNull(), { timeout: 5000 });
    expect(getReductionPlan).toHaveBeenCalledWith({ unit_id: 29 });
    document.body.innerHTML = '';
    getReductionPlan.mockClear();
    await mountList('/ledgers/coal_boilers');
    expect($('[data-test="reduction-panel"]')).toBeNull();
    expect(getReductionPlan).not.toHaveBeenCalled();
  });

  it('shows cards on a phone', async () => {
    phone();
    listLedgerRows.mockResolvedValue({ items: rows([3]), total: 1, next_cursor: 'r3' });
    await mountList('/ledgers/coal_boilers');
    expect($('[data-test="ledger-table"]')).toBeNull();
    const card = $('[data-test="ledger-row-card"]');
    expect(card.querySelector('[data-test="ledger-row-title"]').textContent).toBe('浴池3');
    expect(card.querySelector('[data-test="workflow-status"]').textContent.trim()).toBe('已排查登记');
    expect(card.textContent).toContain('额定容量');
    expect(card.textContent).toContain('2 t/h');
  });

  it('says so when the type does not exist', async () => {
    await mountList('/ledgers/nope');
    expect(document.body.textContent).toContain('没有名为 nope 的台账');
    expect(listLedgerRows).not.toHaveBeenCalled();
  });

  it('exports the rows as filtered, and has no import where the reader may not register', async () => {
    listLedgerRows.mockResolvedValue({ items: [], total: 0, next_cursor: '' });
    await mountList('/ledgers/coal_boilers?status=stopped&f.use=heating');
    expect($('[data-test="ledger-export"]').getAttribute('href')).toBe('/api/v1/ledgers/coal_boilers/export.xlsx?status=stopped&f.use=heating');
    expect($('[data-test="ledger-import"]').textContent).toContain('导入');
    document.body.innerHTML = '';
    await mountList('/ledgers/gas_stations');
    expect($('[data-test="ledger-export"]')).not.toBeNull();
    expect($('[data-test="ledger-import"]')).toBeNull();
  });

  it('reloads the list after an import, and follows a background import with its progress', async () => {
    listLedgerRows.mockResolvedValue({ items: rows([3]), total: 1, next_cursor: '' });
    const report = { format: 'xlsx', headers: ['使用单位（户）'], mapping: ['owner_name'], ignored_columns: [], rows: 2500, new: 2500, changed: 0, unchanged: 0, errors: 0, written: false, details: [] };
    importLedger.mockResolvedValueOnce({ report });
    importLedger.mockResolvedValueOnce({ report, job: { id: 'j9', url: '/api/v1/ledger-imports/j9' } });
    let answer = { id: 'j9', state: 'running', total: 2500, processed: 1000 };
    getLedgerImport.mockImplementation(async () => answer);
    await mountList('/ledgers/coal_boilers');
    expect(listLedgerRows).toHaveBeenCalledTimes(1);
    $('[data-test="ledger-import"]').click();
    await settle();
    const input = $('input[data-test="import-file"]');
    Object.defineProperty(input, 'files', { value: [new File(['PK'], '锅炉.xlsx')], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
    $('[data-test="import-all"]').click();
    await settle();
    expect($('[data-test="ledger-import-job"]').textContent).toContain('已写入 1000 / 2500 行');
    expect($('[data-test="ledger-import-progress"]').textContent).toContain('40%');
    expect($('[data-test="ledger-import"]').disabled).toBe(true);
    answer = { id: 'j9', state: 'done', total: 2500, processed: 2500, report: { ...report, written: true } };
    await settle(1200);
    expect($('[data-test="ledger-import-job"]')).toBeNull();
    expect(listLedgerRows).toHaveBeenCalledTimes(2);
    expect(document.body.textContent).toContain('已导入：新增 2500 条，更新 0 条');
  });
});
