import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { alertStatuses, dismissedAlert, hengshengAlert } from '../../tests/fixtures/enterprises.js';

vi.mock('../api/enterprises.js', () => ({ listRelocationAlerts: vi.fn(), resolveRelocationAlert: vi.fn() }));
import { ApiError } from '../api/client.js';
import { listRelocationAlerts, resolveRelocationAlert } from '../api/enterprises.js';
import { useAuthStore } from '../stores/auth.js';
import RelocationAlertsView from './RelocationAlertsView.vue';

const answer = (items) => ({ items, total: items.length, page: 1, per_page: 20, statuses: alertStatuses });

async function mountAlerts(path = '/relocation-alerts', locale = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 3, unit_id: 2 }, permissions: ['enterprises.read', 'enterprises.write'], loaded: true });
  const mounted = await mountWithApp(RelocationAlertsView, { path, pinia, locale });
  await settle(0);
  return mounted;
}
const cards = () => $$('[data-test="relocation-alert"]');
// The list's own requests (the tabs ask for the open count apart).
const listCalls = () => listRelocationAlerts.mock.calls.map((c) => c[0]).filter((q) => q.page);

describe('RelocationAlertsView', () => {
  beforeEach(() => {
    listRelocationAlerts.mockResolvedValue(answer([hengshengAlert, dismissedAlert]));
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('lists the alerts as the server orders them (open first) with their evidence side by side', async () => {
    await mountAlerts();
    expect(listCalls()).toEqual([{ status: undefined, page: 1, per_page: 20 }]);
    expect(listRelocationAlerts).toHaveBeenCalledWith({ status: 'open', per_page: 1 });
    const [open, done] = cards();
    expect(open.querySelector('[data-test="relocation-score"]').textContent).toBe('相似度 86%');
    expect(open.querySelector('[data-test="enterprise-status-tag"]').textContent.trim()).toBe('待核实');
    expect([...open.querySelectorAll('[data-test="relocation-reasons"] .el-tag')].map((e) => e.textContent.trim())).toEqual(['联系电话相同', '名称相似度 74%']);
    expect(open.querySelector('[data-test="relocation-candidate-name"]').textContent).toBe('开封市禹王台区恒晟塑料制品有限公司');
    expect(open.querySelector('[data-test="relocation-banned-name"]').textContent).toContain('开封市龙亭区恒盛塑料颗粒加工厂');
    expect(open.querySelector('[data-test="relocation-origin"]').textContent).toBe('龙亭区');
    // The phone the server found the same is marked on both sides.
    expect(open.querySelector('[data-test="relocation-candidate-phone"]').classList.contains('matched')).toBe(true);
    expect(open.querySelector('[data-test="relocation-banned-phone"]').textContent).toContain('相同');
    expect(open.querySelector('[data-test="relocation-candidate-legal_rep"]').classList.contains('matched')).toBe(false);
    expect(open.querySelector('[data-test="relocation-enterprise-link"]').getAttribute('href')).toBe('/enterprises/6');
    expect(open.querySelector('[data-test="relocation-confirm"]')).not.toBeNull();
    // A resolved one shows its verdict and offers nothing.
    expect(done.querySelector('[data-test="relocation-verdict"]').textContent).toContain('已排除');
    expect(done.querySelector('[data-test="relocation-verdict"]').textContent).toContain('攻坚办值班员');
    expect(done.querySelector('[data-test="relocation-note"]').textContent).toBe('同名不同人，经营范围为五金零售');
    expect(done.querySelector('[data-test="relocation-confirm"]')).toBeNull();
  });

  it('offers no verdict where the alert’s actions do not', async () => {
    listRelocationAlerts.mockResolvedValue(answer([{ ...hengshengAlert, actions: [] }]));
    await mountAlerts();
    expect(cards()[0].querySelector('[data-test="relocation-confirm"]')).toBeNull();
    expect(cards()[0].querySelector('[data-test="relocation-dismiss"]')).toBeNull();
  });

  it('filters by status in the URL', async () => {
    const { router } = await mountAlerts('/relocation-alerts?status=open');
    expect(listCalls().at(-1)).toEqual({ status: 'open', page: 1, per_page: 20 });
    await router.replace({ query: { status: 'confirmed' } });
    await settle(0);
    expect(listCalls().at(-1)).toEqual({ status: 'confirmed', page: 1, per_page: 20 });
  });

  it('dismisses with the note of what was found; one resolved meanwhile is said and reloaded', async () => {
    await mountAlerts();
    cards()[0].querySelector('[data-test="relocation-dismiss"]').click();
    await settle(0);
    expect($('[data-test="resolve-dialog"] .el-dialog__title').textContent).toBe('排除疑似搬迁');
    expect($('[data-test="resolve-who"]').textContent).toBe('开封市禹王台区恒晟塑料制品有限公司 ↔ 开封市龙亭区恒盛塑料颗粒加工厂');
    resolveRelocationAlert.mockRejectedValueOnce(new ApiError({ status: 409, code: 'relocation_alert_resolved', params: { status: 'confirmed' } }));
    await typeInto($('textarea[data-test="resolve-note"]'), '法定代表人不同，系另一企业');
    $('[data-test="resolve-save"]').click();
    await settle();
    expect(resolveRelocationAlert).toHaveBeenCalledWith(7, 'dismissed', '法定代表人不同，系另一企业');
    expect($('[data-test="resolve-dialog"] .el-alert--error').textContent).toContain('该疑似搬迁预警已处理（已确认搬迁）');
    expect(listCalls()).toHaveLength(2);

    resolveRelocationAlert.mockResolvedValueOnce({ ...hengshengAlert, status: 'dismissed', actions: [] });
    $('[data-test="resolve-save"]').click();
    await settle();
    expect(listCalls()).toHaveLength(3);
    expect(document.body.textContent).toContain('已排除');
  });

  it('reads in English', async () => {
    await mountAlerts('/relocation-alerts', 'en');
    expect(cards()[0].querySelector('[data-test="relocation-score"]').textContent).toBe('86% alike');
    expect(cards()[0].querySelector('[data-test="enterprise-status-tag"]').textContent.trim()).toBe('Open');
    expect(cards()[0].querySelector('[data-test="relocation-reasons"]').textContent).toContain('Same phone');
  });
});
