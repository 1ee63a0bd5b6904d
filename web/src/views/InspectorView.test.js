import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, makeRouter, mountWithApp, settle } from '../../tests/helpers.js';
import { problemRules, rectifyingProblem } from '../../tests/fixtures/problems.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/problems.js', () => ({
  listProblems: vi.fn(),
  getProblemLateness: vi.fn(),
  getProblemRules: vi.fn(),
  checkProblemDuplicates: vi.fn(),
  createProblem: vi.fn(),
}));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
vi.mock('../api/enterprises.js', () => ({ listEnterprises: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { getProblemLateness, getProblemRules, listProblems } from '../api/problems.js';
import { useAuthStore } from '../stores/auth.js';
import InspectorView from './InspectorView.vue';

const Stub = { template: '<div />' };
const toVerify = { ...rectifyingProblem, id: 11, status: 'verifying', title: '北门车辆带泥上路', days_overdue: 0 };

async function mountDesk(permissions) {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 2 }, permissions, loaded: true });
  const router = makeRouter();
  for (const [path, name] of [
    ['/problems', 'problems'],
    ['/problems/overdue', 'problem-lateness'],
    ['/problems/:id(\\d+)', 'problem'],
    ['/problems/:id(\\d+)/verify', 'problem-verify'],
  ])
    router.addRoute({ path, name, component: Stub });
  const mounted = await mountWithApp(InspectorView, { path: '/inspector', pinia, router });
  await settle(0);
  return mounted;
}

describe('InspectorView', () => {
  beforeEach(() => {
    getProblemRules.mockResolvedValue(structuredClone(problemRules));
    getProblemLateness.mockResolvedValue({ today: '2017-12-20', items: [{ unit: { id: 29, name: '南郊乡' }, open: 4, overdue: 1, earliest_deadline: '2017-12-18' }] });
    listProblems.mockImplementation(async (q) => (q.mine ? { items: [toVerify], total: 1 } : { items: [rectifyingProblem], total: 1 }));
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('gives the office what waits for its verification, the week’s registrations and the overdue board', async () => {
    const { router } = await mountDesk(['problems.read', 'problems.register', 'problems.manage', 'inspections.write']);
    expect(listProblems).toHaveBeenCalledWith({ mine: true, status: 'verifying', per_page: 20 });
    expect(listProblems).toHaveBeenCalledWith({ from: '2017-12-14', per_page: 10 });
    expect($('[data-test="inspector-today"]').textContent).toBe('2017-12-20');
    expect($('[data-test="inspector-verify"] .section-title').textContent).toBe('待我核查（1）');
    expect($$('[data-test="inspector-verify-item"]')).toHaveLength(1);
    expect($('[data-test="inspector-recent-item"]').getAttribute('href')).toBe('/problems/7');
    expect($('[data-test="inspector-recent-all"]').getAttribute('href')).toBe('/problems?from=2017-12-14');
    expect($('[data-test="problem-lateness-unit"]').textContent).toBe('南郊乡');
    expect($('[data-test="inspector-register"]')).not.toBeNull();
    expect($('[data-test="inspector-inspect"]')).not.toBeNull();
    $('[data-test="inspector-verify-go"]').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/problems/11/verify');
  });

  it('works for any reader: no verification list, no buttons without their permissions', async () => {
    await mountDesk(['problems.read']);
    expect(listProblems).not.toHaveBeenCalledWith(expect.objectContaining({ mine: true }));
    expect($('[data-test="inspector-verify"]')).toBeNull();
    expect($('[data-test="inspector-register"]')).toBeNull();
    expect($('[data-test="inspector-inspect"]')).toBeNull();
    expect($('[data-test="inspector-recent-item"]')).not.toBeNull();
  });
});
