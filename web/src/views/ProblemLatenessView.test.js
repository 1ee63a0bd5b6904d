import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, makeRouter, mountWithApp, settle } from '../../tests/helpers.js';
import { problemRules } from '../../tests/fixtures/problems.js';

vi.mock('../api/problems.js', () => ({ getProblemLateness: vi.fn(), getProblemRules: vi.fn() }));
import { getProblemLateness, getProblemRules } from '../api/problems.js';
import { useAuthStore } from '../stores/auth.js';
import ProblemLatenessView from './ProblemLatenessView.vue';

const Stub = { template: '<div />' };
const board = {
  today: '2017-12-29',
  items: [
    { unit: { id: 29, name: '南郊乡' }, open: 5, overdue: 3, earliest_deadline: '2017-12-20' },
    { unit: { id: 33, name: '汪屯乡' }, open: 2, overdue: 0, earliest_deadline: null },
  ],
};

async function mountBoard(locale = 'zh-CN') {
  getProblemLateness.mockResolvedValue(structuredClone(board));
  getProblemRules.mockResolvedValue(structuredClone(problemRules));
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2 }, permissions: ['problems.read'], loaded: true });
  const router = makeRouter();
  router.addRoute({ path: '/problems', name: 'problems', component: Stub });
  router.addRoute({ path: '/problems/overdue', name: 'problem-lateness', component: Stub });
  const mounted = await mountWithApp(ProblemLatenessView, { path: '/problems/overdue', pinia, router, locale });
  await settle(0);
  return mounted;
}

describe('ProblemLatenessView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows each unit’s open and overdue problems and the earliest missed deadline, in the server’s order', async () => {
    await mountBoard();
    expect($('[data-test="problem-lateness-totals"]').textContent).toContain('在办 7 个');
    expect($('[data-test="problem-lateness-totals"]').textContent).toContain('逾期 3 个');
    expect($('[data-test="problem-lateness-totals"]').textContent).toContain('截至 2017-12-29');
    expect($$('[data-test="problem-lateness-unit"]').map((e) => e.textContent)).toEqual(['南郊乡', '汪屯乡']);
    const rows = $$('[data-test="problem-lateness-table"] .el-table__body tr');
    expect(rows[0].textContent).toContain('2017-12-20');
    expect(rows[0].textContent).toContain('逾期 9 天');
    expect(rows[1].querySelector('[data-test="problem-lateness-overdue"]')).toBeNull();
    // The ladder the server follows, from its rules.
    expect($('[data-test="problem-ladder"]').textContent).toContain('逾期 1 天：逾期提醒');
    expect($('[data-test="problem-ladder"]').textContent).toContain('逾期 7 天：约谈建议');
  });

  it('opens the list filtered to a unit’s overdue problems, or to its open ones', async () => {
    const { router } = await mountBoard();
    $('[data-test="problem-lateness-overdue"]').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/problems?unit_id=29&overdue=true');
    await router.push('/problems/overdue');
    $$('[data-test="problem-lateness-open"]')[1].click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/problems?unit_id=33');
  });
});
