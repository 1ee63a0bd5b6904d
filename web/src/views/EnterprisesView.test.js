import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { enterpriseStatuses, jinming, workshop } from '../../tests/fixtures/enterprises.js';

vi.mock('../api/enterprises.js', () => ({
  listEnterprises: vi.fn(),
  listRelocationAlerts: vi.fn(),
  createEnterprise: vi.fn(),
  updateEnterprise: vi.fn(),
  importEnterprises: vi.fn(),
  enterpriseExportUrl: (query) => `/api/v1/enterprises/export.xlsx?${new URLSearchParams(query)}`,
}));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 29, name: '南郊乡', children: [{ id: 31, name: '南郊村', children: [] }] }] })) }));
import { createEnterprise, importEnterprises, listEnterprises, listRelocationAlerts } from '../api/enterprises.js';
import { useAuthStore } from '../stores/auth.js';
import EnterprisesView from './EnterprisesView.vue';

const answer = (items, { total = items.length, actions = ['register'] } = {}) => ({ items, total, page: 1, per_page: 20, statuses: enterpriseStatuses, actions });

async function mountList(path = '/enterprises') {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 4, unit_id: 29 }, permissions: ['enterprises.read', 'enterprises.write'], loaded: true });
  const mounted = await mountWithApp(EnterprisesView, { path, pinia });
  await settle(0);
  return mounted;
}
const lastQuery = () => listEnterprises.mock.calls.at(-1)[0];

describe('EnterprisesView', () => {
  beforeEach(() => {
    listEnterprises.mockResolvedValue(answer([jinming, workshop], { total: 2 }));
    listRelocationAlerts.mockResolvedValue({ items: [], total: 0, statuses: [] });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('lists the enterprises with their credit code, unit and status labelled by the server', async () => {
    await mountList();
    expect(lastQuery()).toEqual({ per_page: 20 });
    const rows = $$('[data-test="enterprises-table"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('92410205MA40G8W3X5');
    expect(rows[0].textContent).toContain('南郊村');
    expect(rows[1].textContent).toContain('—'); // the workshop has no credit code
    expect($$('[data-test="enterprise-status-tag"]').map((e) => e.textContent.trim())).toEqual(['正常生产经营', '停产']);
    // In the colour the server gives each status.
    expect($$('[data-test="enterprise-status-tag"]').map((e) => e.style.color)).toEqual(['rgb(103, 194, 58)', 'rgb(230, 162, 60)']);
    expect($('[data-test="enterprise-link"]').getAttribute('href')).toBe('/enterprises/1');
    expect($('[data-test="enterprises-total"]').textContent).toBe('共 2 家');
  });

  it('searches by what was typed and keeps the filters in the URL', async () => {
    const { router } = await mountList('/enterprises?status=stopped&unit_id=31&page=2');
    expect(lastQuery()).toEqual({ status: 'stopped', unit_id: 31, page: 2, per_page: 20 });
    await typeInto($('input[data-test="enterprises-q"]'), '金明');
    $('[data-test="enterprises-search"]').click();
    await settle(0);
    expect(router.currentRoute.value.query).toEqual({ q: '金明', unit_id: '31', status: 'stopped' });
    expect(lastQuery()).toEqual({ q: '金明', status: 'stopped', unit_id: 31, per_page: 20 });
    // The same search again asks again (the URL stays as it is).
    const calls = listEnterprises.mock.calls.length;
    $('[data-test="enterprises-search"]').click();
    await settle(0);
    expect(listEnterprises.mock.calls.length).toBe(calls + 1);
  });

  it('offers to register only where the server says so, and opens the new enterprise’s file', async () => {
    listEnterprises.mockResolvedValue(answer([jinming], { actions: [] }));
    await mountList();
    expect($('[data-test="enterprises-register"]')).toBeNull();

    document.body.innerHTML = '';
    listEnterprises.mockResolvedValue(answer([jinming]));
    createEnterprise.mockResolvedValue({ ...jinming, id: 9, name: '新厂', alerts: [{ id: 3 }] });
    const { router } = await mountList();
    $('[data-test="enterprises-register"]').click();
    await settle(0);
    await typeInto($('input[data-test="enterprise-name"]'), '新厂');
    $('[data-test="enterprise-save"]').click();
    await settle();
    expect(createEnterprise).toHaveBeenCalledWith({ name: '新厂', unit_id: 29, status: 'operating' });
    expect(router.currentRoute.value.fullPath).toBe('/enterprises/9');
    // The relocation guard's find is said at once.
    expect(document.body.textContent).toContain('发现 1 条疑似搬迁预警');
  });

  it('offers import and export only where the server says so; the export carries the list’s filters', async () => {
    listEnterprises.mockResolvedValue(answer([jinming], { actions: [] }));
    await mountList();
    expect($('[data-test="enterprises-import"]')).toBeNull();
    expect($('[data-test="enterprises-export"]')).toBeNull();

    document.body.innerHTML = '';
    listEnterprises.mockResolvedValue(answer([jinming], { actions: ['export'] }));
    await mountList('/enterprises?q=金明&status=operating,stopped&unit_id=31&page=2');
    expect($('[data-test="enterprises-import"]')).toBeNull();
    const href = $('[data-test="enterprises-export"]').getAttribute('href');
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/v1/enterprises/export.xlsx');
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: '金明', unit_id: '31', status: 'operating,stopped' });
  });

  it('imports the registry through its dialog and lists it again afterwards', async () => {
    listEnterprises.mockResolvedValue(answer([jinming], { actions: ['register', 'import', 'export'] }));
    await mountList();
    const calls = listEnterprises.mock.calls.length;
    $('[data-test="enterprises-import"]').click();
    await settle(0);
    expect($('[data-test="enterprise-import-dialog"]')).not.toBeNull();
    const report = { format: 'xlsx', datum: 'wgs84', header_row: 1, rows: 1, new: 1, changed: 0, unchanged: 0, errors: 0, dry_run: true, written: false, details: [{ row: 2, outcome: 'new', id: null, name: '新厂', changes: [], issues: [] }], alerts: [], ignored_columns: [] };
    importEnterprises.mockResolvedValueOnce(report).mockResolvedValueOnce({ ...report, dry_run: false, written: true, alerts: [{ row: 2, id: 5, name: '新厂', banned_name: '旧厂', score: 0.8 }] });
    const input = $('input[data-test="enterprise-import-file"]');
    Object.defineProperty(input, 'files', { value: [new File(['企业名称\n新厂'], '名录.csv', { type: 'text/csv' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle(0);
    $('[data-test="enterprise-import-run"]').click();
    await settle(0);
    expect(importEnterprises).toHaveBeenLastCalledWith(expect.any(File), { datum: 'wgs84' });
    expect(listEnterprises.mock.calls.length).toBe(calls + 1);
    expect(document.body.textContent).toContain('已导入企业名录：新增 1 家，更新 0 家');
    expect(document.body.textContent).toContain('发现 1 条疑似搬迁预警');
  });

  it('sits under the module’s tabs, the suspected relocations’ counting the open ones', async () => {
    listRelocationAlerts.mockResolvedValue({ items: [{ id: 1 }], total: 2, statuses: [] });
    const { router } = await mountList();
    expect(listRelocationAlerts).toHaveBeenCalledWith({ status: 'open', per_page: 1 });
    expect($$('[data-test="enterprise-tabs"] .el-tabs__item').map((e) => e.textContent.trim())).toEqual(['企业名录', '关停取缔名单', '疑似搬迁预警 2']);
    expect($('[data-test="enterprise-tabs"] .el-tabs__item.is-active').textContent.trim()).toBe('企业名录');
    $('[data-test="enterprise-tab-banned"]').click();
    await settle(0);
    expect(router.currentRoute.value.name).toBe('banned-enterprises');
  });

  it('shows cards on a phone', async () => {
    vi.spyOn(window, 'matchMedia').mockImplementation((query) => ({ matches: true, media: query, addEventListener: () => {}, removeEventListener: () => {} }));
    await mountList();
    expect($('[data-test="enterprises-table"]')).toBeNull();
    const cards = $$('[data-test="enterprise-card"]');
    expect(cards).toHaveLength(2);
    expect(cards[0].getAttribute('href')).toBe('/enterprises/1');
    expect(cards[0].textContent).toContain('王金明');
  });
});
