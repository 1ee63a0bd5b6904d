import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';

// The spot-check API is the lead engineer's contract (being built on main):
// GET /api/v1/aq/alerts/{id}/spot-checks?status=&unit_id=.
vi.mock('../api/aq.js', () => ({ listSpotChecks: vi.fn() }));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 1, name: '禹王台区人民政府', children: [] }] })) }));
import { ApiError } from '../api/client.js';
import { listSpotChecks } from '../api/aq.js';
import { useAuthStore } from '../stores/auth.js';
import SpotChecksView from './SpotChecksView.vue';

const item = (over) => ({
  id: 1,
  ledger_row_id: 41,
  source_name: '开封市某钢铁有限公司',
  unit_id: 29,
  unit: '南郊乡',
  address: '南郊乡工业园 8 号',
  location: { lng: 114.35, lat: 34.76 },
  status: 'pending',
  status_label: { 'zh-CN': '服务器待查', en: 'Server pending' },
  inspection_id: null,
  checked_at: null,
  ...over,
});
const answer = (over = {}) => ({
  alert_id: 7,
  alert_number: '2017-001',
  level: 'orange',
  level_label: { 'zh-CN': '橙色预警', en: 'Orange alert' },
  level_colour: '#fb8c00',
  counts: { total: 6, pending: 3, compliant: 2, violation: 1 },
  can_check: true,
  items: [
    item(),
    item({ id: 2, ledger_row_id: 42, source_name: '某建材厂', status: 'compliant', status_label: { 'zh-CN': '合规', en: 'Compliant' }, inspection_id: 501, checked_at: '2017-12-20T02:30:00Z' }),
    item({ id: 3, ledger_row_id: 43, source_name: '某化工厂', status: 'violation', status_label: { 'zh-CN': '服务器违规', en: 'Violation' }, inspection_id: 502, checked_at: '2017-12-20T03:00:00Z' }),
  ],
  ...over,
});

async function mountView({ path = '/air/alerts/7/spot-checks', locale = 'zh-CN' } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 5, unit_id: 3 }, permissions: ['alerts.read', 'inspections.write', 'ledgers.read'], loaded: true });
  const mounted = await mountWithApp(SpotChecksView, { path, pinia, locale });
  await settle(0);
  return mounted;
}
const text = (sel, root = document) => root.querySelector(sel)?.textContent.replace(/\s+/g, ' ').trim() || '';

describe('SpotChecksView', () => {
  beforeEach(() => listSpotChecks.mockResolvedValue(answer()));
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows the counts and the compliance rate of those checked, the alert’s level in its colour', async () => {
    await mountView();
    expect(listSpotChecks).toHaveBeenCalledWith('7', {});
    expect(text('[data-test="spot-count-total"]')).toBe('6');
    expect(text('[data-test="spot-count-pending"]')).toBe('3');
    expect(text('[data-test="spot-count-compliant"]')).toBe('2');
    expect(text('[data-test="spot-count-violation"]')).toBe('1');
    // 2 compliant of 3 checked.
    expect(text('[data-test="spot-rate"]')).toBe('67%');
    expect(text('[data-test="spot-level"]')).toBe('橙色预警');
    expect($('[data-test="spot-level"]').style.background).toBe('rgb(251, 140, 0)');
    expect(text('[data-test="spot-alert"]')).toContain('2017-001');
  });

  it('a card per source with its unit, address and the server’s status; a violation stands out with its inspection', async () => {
    await mountView();
    const cards = $$('[data-test="spot-item"]');
    expect(cards).toHaveLength(3);
    expect(text('[data-test="spot-item-name"]', cards[0])).toBe('开封市某钢铁有限公司');
    expect(cards[0].textContent).toContain('南郊乡');
    expect(cards[0].textContent).toContain('南郊乡工业园 8 号');
    expect(text('[data-test="spot-item-status-pending"]', cards[0])).toBe('服务器待查');
    const violation = cards[2];
    expect(violation.className).toContain('violation');
    expect(text('[data-test="spot-item-status-violation"]', violation)).toBe('服务器违规');
    expect(violation.querySelector('.el-tag--danger')?.textContent.trim()).toBe('服务器违规');
    expect(violation.querySelector('[data-test="spot-item-inspection"]').getAttribute('href')).toBe('/inspections/502');
    // Beijing time.
    expect(text('[data-test="spot-item-checked"]', violation)).toContain('2017-12-20 11:00');
  });

  it('现场抽查 only on pending sources when the server lets the reader check; it opens the phone form with the emergency checklist and comes back', async () => {
    const { router } = await mountView();
    const cards = $$('[data-test="spot-item"]');
    expect(cards[0].querySelector('[data-test="spot-item-check"]')).not.toBeNull();
    expect(cards[1].querySelector('[data-test="spot-item-check"]')).toBeNull();
    expect(cards[2].querySelector('[data-test="spot-item-check"]')).toBeNull();
    cards[0].querySelector('[data-test="spot-item-check"]').click();
    await settle(0);
    const to = router.currentRoute.value;
    expect(to.name).toBe('ledger-row-inspect');
    expect(to.params.id).toBe('41');
    expect(to.query).toEqual({ checklist: 'emergency_measures', back: '/air/alerts/7/spot-checks' });
  });

  it('no 现场抽查 when the server says the reader may not check', async () => {
    listSpotChecks.mockResolvedValue(answer({ can_check: false }));
    await mountView();
    expect($('[data-test="spot-item-check"]')).toBeNull();
    expect($$('[data-test="spot-item-inspection"]')).toHaveLength(2);
  });

  it('filters by status through the URL and asks the server', async () => {
    const { router } = await mountView();
    $('[data-test="spot-status-violation"] input').click();
    await settle(0);
    expect(router.currentRoute.value.query.status).toBe('violation');
    expect(listSpotChecks).toHaveBeenLastCalledWith('7', { status: 'violation' });
  });

  it('no checks yet: no rate; nothing matching: says so', async () => {
    listSpotChecks.mockResolvedValue(answer({ counts: { total: 2, pending: 2, compliant: 0, violation: 0 }, items: [] }));
    await mountView({ path: '/air/alerts/7/spot-checks?status=violation' });
    expect(listSpotChecks).toHaveBeenCalledWith('7', { status: 'violation' });
    expect(text('[data-test="spot-rate"]')).toBe('—');
    expect(text('[data-test="spot-empty"]')).toBe('没有符合条件的抽查对象');
  });

  it('a server without the spot-check route says the list is not available', async () => {
    listSpotChecks.mockRejectedValueOnce(new ApiError({ status: 404, code: 'no_such_route' }));
    await mountView();
    expect(text('[data-test="spot-error"]')).toContain('抽查功能暂不可用');
  });

  it('speaks English with the server’s labels', async () => {
    await mountView({ locale: 'en' });
    expect(text('[data-test="spot-level"]')).toBe('Orange alert');
    expect(text('[data-test="spot-item-status-pending"]')).toBe('Server pending');
    expect($('[data-test="spot-item-check"]').textContent.trim()).toBe('Check on site');
  });
});
