import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { bannedList } from '../../tests/fixtures/enterprises.js';

vi.mock('../api/enterprises.js', () => ({ listBannedEnterprises: vi.fn(), addBannedEnterprise: vi.fn(), importBannedEnterprises: vi.fn(), listRelocationAlerts: vi.fn() }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { ApiError } from '../api/client.js';
import { addBannedEnterprise, listBannedEnterprises, listRelocationAlerts } from '../api/enterprises.js';
import { useAuthStore } from '../stores/auth.js';
import BannedEnterprisesView from './BannedEnterprisesView.vue';

const answer = (items, actions = ['add', 'import']) => ({ items, total: items.length, page: 1, per_page: 20, actions });

async function mountList(path = '/banned-enterprises') {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 3, unit_id: 2 }, permissions: ['enterprises.read', 'enterprises.write'], loaded: true });
  const mounted = await mountWithApp(BannedEnterprisesView, { path, pinia });
  await settle(0);
  return mounted;
}

describe('BannedEnterprisesView', () => {
  beforeEach(() => {
    listBannedEnterprises.mockResolvedValue(answer(bannedList));
    listRelocationAlerts.mockResolvedValue({ items: [], total: 0 });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('lists ours and the reported ones, ours linked to its file', async () => {
    await mountList();
    const rows = $$('[data-test="banned-table"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect($$('[data-test="banned-source-tag"]').map((e) => e.textContent.trim())).toEqual(['本区取缔', '外区通报']);
    expect(rows[0].querySelector('[data-test="banned-enterprise-link"]').getAttribute('href')).toBe('/enterprises/2');
    expect(rows[1].querySelector('[data-test="banned-enterprise-link"]')).toBeNull();
    expect(rows[1].textContent).toContain('龙亭区');
    expect(rows[1].textContent).toContain('2017-09-18');
  });

  it('searches and filters by source, kept in the URL', async () => {
    const { router } = await mountList('/banned-enterprises?source=imported');
    expect(listBannedEnterprises).toHaveBeenLastCalledWith({ q: undefined, source: 'imported', page: 1, per_page: 20 });
    await typeInto($('input[data-test="banned-q"]'), '恒盛');
    $('[data-test="banned-search"]').click();
    await settle(0);
    expect(router.currentRoute.value.query).toEqual({ q: '恒盛', source: 'imported' });
    expect(listBannedEnterprises).toHaveBeenLastCalledWith({ q: '恒盛', source: 'imported', page: 1, per_page: 20 });
  });

  it('offers add and import only where the list’s actions say', async () => {
    listBannedEnterprises.mockResolvedValue(answer(bannedList, []));
    await mountList();
    expect($('[data-test="banned-add"]')).toBeNull();
    expect($('[data-test="banned-import"]')).toBeNull();
  });

  it('adds one, showing the server’s complaints at their fields and what it raised', async () => {
    await mountList();
    $('[data-test="banned-add"]').click();
    await settle(0);
    addBannedEnterprise.mockRejectedValueOnce(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'name', code: 'required' }, { field: 'banned_on', code: 'not_a_date' }] }));
    $('[data-test="banned-save"]').click();
    await settle();
    expect(addBannedEnterprise).toHaveBeenCalledWith({ banned_on: '2017-12-20' });
    expect($('[data-test="banned-dialog"] [data-field="name"] .el-form-item__error')).not.toBeNull();
    expect($('[data-test="banned-dialog"] [data-field="banned_on"] .el-form-item__error')).not.toBeNull();

    addBannedEnterprise.mockResolvedValueOnce({ ...bannedList[1], id: 8, name: '尉氏县恒通塑料颗粒厂', alerts: [{ id: 4 }] });
    await typeInto($('input[data-test="banned-name"]'), '尉氏县恒通塑料颗粒厂');
    await typeInto($('input[data-test="banned-legal-rep"]'), '周恒通');
    await typeInto($('input[data-test="banned-origin"]'), '尉氏县');
    $('[data-test="banned-save"]').click();
    await settle();
    expect(addBannedEnterprise).toHaveBeenLastCalledWith({ name: '尉氏县恒通塑料颗粒厂', legal_rep: '周恒通', origin: '尉氏县', banned_on: '2017-12-20' });
    expect(document.body.textContent).toContain('已添加：尉氏县恒通塑料颗粒厂');
    expect(document.body.textContent).toContain('发现 1 条疑似搬迁预警');
    expect(listBannedEnterprises).toHaveBeenCalledTimes(2);
    // The suspected relocations' tab counts again.
    expect(listRelocationAlerts).toHaveBeenCalledTimes(2);
  });

  it('shows cards on a phone', async () => {
    vi.spyOn(window, 'matchMedia').mockImplementation((query) => ({ matches: true, media: query, addEventListener: () => {}, removeEventListener: () => {} }));
    await mountList();
    expect($('[data-test="banned-table"]')).toBeNull();
    expect($$('[data-test="banned-card"]')).toHaveLength(2);
  });
});
