import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, makeRouter, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { problemRules, rectifyingProblem } from '../../tests/fixtures/problems.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/problems.js', () => ({
  listProblems: vi.fn(),
  getProblemRules: vi.fn(),
  checkProblemDuplicates: vi.fn(),
  createProblem: vi.fn(),
}));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 29, name: '南郊乡', children: [] }] })) }));
vi.mock('../api/enterprises.js', () => ({ listEnterprises: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/map.js', () => ({ getMapConfig: vi.fn() }));
import { checkProblemDuplicates, createProblem, getProblemRules, listProblems } from '../api/problems.js';
import { useAuthStore } from '../stores/auth.js';
import ProblemsView from './ProblemsView.vue';

const Stub = { template: '<div />' };
function problemRouter() {
  const router = makeRouter();
  router.addRoute({ path: '/problems', name: 'problems', component: Stub });
  router.addRoute({ path: '/problems/overdue', name: 'problem-lateness', component: Stub });
  router.addRoute({ path: '/problems/:id(\\d+)', name: 'problem', component: Stub });
  return router;
}

const registered = { ...rectifyingProblem, id: 9, number: '禹攻坚督〔2017〕9号', status: 'registered', unit: null, deadline: null, days_overdue: 0, title: '北门车辆带泥上路' };
const answer = (items, total = items.length) => ({ items, total, page: 1, per_page: 20 });

async function mountList(path = '/problems', permissions = ['problems.read', 'problems.register']) {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 3, unit_id: 2 }, permissions, loaded: true });
  const mounted = await mountWithApp(ProblemsView, { path, pinia, router: problemRouter() });
  await settle(0);
  return mounted;
}
const lastQuery = () => listProblems.mock.calls.at(-1)[0];
async function pick(selector, text) {
  $(`${selector} .el-select__wrapper`).click();
  await settle(0);
  // The open dropdown's option (closed ones stay in the page, hidden).
  $$('.el-select-dropdown__item')
    .filter((o) => o.closest('.el-popper')?.style.display !== 'none')
    .find((o) => o.textContent.includes(text))
    .click();
  await settle(0);
}

describe('ProblemsView', () => {
  beforeEach(() => {
    getProblemRules.mockResolvedValue(structuredClone(problemRules));
    listProblems.mockResolvedValue(answer([rectifyingProblem, registered]));
  });
  afterEach(() => {
    vi.clearAllMocks();
    window.localStorage.clear();
    document.body.innerHTML = '';
  });

  it('lists the problems with number, type, unit, deadline (overdue marked) and state as the server labels them', async () => {
    await mountList();
    expect(lastQuery()).toEqual({ page: 1, per_page: 20 });
    const rows = $$('[data-test="problem-table"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('禹攻坚督〔2017〕7号');
    expect(rows[0].textContent).toContain('施工扬尘');
    expect(rows[0].textContent).toContain('南郊乡');
    expect(rows[0].querySelector('[data-test="problem-overdue"]').textContent).toBe('逾期 2 天');
    expect(rows[0].classList.contains('late-row')).toBe(true);
    expect(rows[1].textContent).toContain('未交办');
    expect(rows[1].querySelector('[data-test="problem-overdue"]')).toBeNull();
    expect($$('[data-test="workflow-status"]').map((e) => e.textContent.trim())).toEqual(['整改中', '已登记']);
    expect($('[data-test="problem-number-link"]').getAttribute('href')).toBe('/problems/7');
    expect($('[data-test="problem-total"]').textContent).toBe('共 2 个');
  });

  it('asks the server with the filters of the URL, and puts a changed filter into the URL', async () => {
    const { router } = await mountList('/problems?status=assigned,rectifying&unit_id=29&source=district&type=construction_dust&from=2017-12-01&to=2017-12-20&q=裸土');
    expect(lastQuery()).toEqual({
      status: 'assigned,rectifying',
      unit_id: '29',
      source: 'district',
      type: 'construction_dust',
      from: '2017-12-01',
      to: '2017-12-20',
      q: '裸土',
      page: 1,
      per_page: 20,
    });
    $('[data-test="problem-filter-overdue"]').click();
    await settle(0);
    expect(router.currentRoute.value.query).toEqual({ status: 'assigned,rectifying', unit_id: '29', source: 'district', type: 'construction_dust', overdue: 'true', from: '2017-12-01', to: '2017-12-20', q: '裸土' });
    expect(lastQuery()).toMatchObject({ overdue: 'true', page: 1 });

    // A source and a type from the server's rules.
    await pick('[data-test="problem-filter-source"]', '12369环保热线');
    expect(router.currentRoute.value.query.source).toBe('hotline');
    expect(lastQuery().source).toBe('hotline');
    // A text, on Enter.
    const q = $('input[data-test="problem-filter-q"]');
    await typeInto(q, '北门');
    q.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
    await settle(0);
    expect(router.currentRoute.value.query.q).toBe('北门');
  });

  it('saves the filters as a named set for this user and picks the set again later', async () => {
    await mountList('/problems?unit_id=29&overdue=true');
    expect($('[data-test="problem-saved-filter"]')).toBeNull();
    $('[data-test="problem-filter-save"]').click();
    await settle(0);
    await typeInto($('input[data-test="problem-filter-name"]'), '南郊乡逾期');
    $('[data-test="problem-filter-save-confirm"]').click();
    await settle(0);
    expect(JSON.parse(window.localStorage.getItem('lantian.problemFilters.3'))).toEqual([{ name: '南郊乡逾期', query: { unit_id: '29', overdue: 'true' } }]);

    // Later, on the bare list: the set is there and applies its filters.
    document.body.innerHTML = '';
    const again = await mountList('/problems');
    const tag = $('[data-test="problem-saved-filter"]');
    expect(tag.textContent.trim()).toBe('南郊乡逾期');
    tag.click();
    await settle(0);
    expect(again.router.currentRoute.value.query).toEqual({ unit_id: '29', overdue: 'true' });
    expect(lastQuery()).toEqual({ unit_id: '29', overdue: 'true', page: 1, per_page: 20 });
    // The set in force is marked; a set removed is gone for good.
    expect($('[data-test="problem-saved-filter"]').classList.contains('el-tag--dark')).toBe(true);
    $('[data-test="problem-saved-filter"] .el-tag__close').click();
    await settle(0);
    expect($('[data-test="problem-saved-filter"]')).toBeNull();
    expect(JSON.parse(window.localStorage.getItem('lantian.problemFilters.3'))).toEqual([]);
  });

  it('offers 登记问题 only to a holder of problems.register', async () => {
    await mountList('/problems', ['problems.read']);
    expect($('[data-test="problem-register"]')).toBeNull();
  });

  it('registers a problem after showing the open problems it may duplicate, and opens it with the warnings', async () => {
    const warning = { id: 7, number: '禹攻坚督〔2017〕7号', title: '南郊村安置房工地裸土未覆盖', status: 'rectifying', reason: 'nearby', distance_m: 64 };
    checkProblemDuplicates.mockResolvedValue({ items: [warning] });
    createProblem.mockResolvedValue({ ...registered, warnings: [warning] });
    const { router } = await mountList();
    const push = vi.spyOn(router, 'push');
    $('[data-test="problem-register"]').click();
    await settle(0);
    await pick('[data-field="source"]', '区督导组');
    await pick('[data-field="problem_type"]', '施工扬尘');
    await typeInto($('input[data-test="problem-title"]'), '北门车辆带泥上路');
    await typeInto($('[data-test="ledger-lng"] input'), '114.3662');
    await typeInto($('[data-test="ledger-lat"] input'), '34.7612');
    $('[data-test="problem-register-save"]').click();
    await settle();
    const body = { source: 'district', problem_type: 'construction_dust', title: '北门车辆带泥上路', disposition: 'rectify', location: { lng: 114.3662, lat: 34.7612, datum: 'wgs84' } };
    expect(checkProblemDuplicates).toHaveBeenCalledWith(body);
    expect(createProblem).not.toHaveBeenCalled();
    const shown = $('[data-test="problem-register-dialog"] [data-test="problem-duplicate"]');
    expect(shown.textContent).toContain('禹攻坚督〔2017〕7号');
    expect($('[data-test="problem-duplicate-reason"]').textContent).toBe('同类问题，相距约 64 米');
    expect($('[data-test="problem-duplicate-link"]').getAttribute('href')).toBe('/problems/7');
    expect($('[data-test="problem-duplicate-link"]').getAttribute('target')).toBe('_blank');
    expect($('[data-test="problem-register-save"]').textContent.trim()).toBe('仍然登记');

    $('[data-test="problem-register-save"]').click();
    await settle();
    expect(checkProblemDuplicates).toHaveBeenCalledTimes(1);
    expect(createProblem).toHaveBeenCalledWith(body);
    expect(router.currentRoute.value.fullPath).toBe('/problems/9');
    // The new problem's page is given the warnings to show.
    expect(push).toHaveBeenCalledWith({ name: 'problem', params: { id: 9 }, state: { warnings: [warning] } });
  });

  it('shows the server’s refusal at the field it names', async () => {
    const { ApiError } = await import('../api/client.js');
    checkProblemDuplicates.mockRejectedValue(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'title', code: 'required', message: 'required' }] }));
    await mountList();
    $('[data-test="problem-register"]').click();
    await settle(0);
    $('[data-test="problem-register-save"]').click();
    await settle();
    expect($('[data-field="title"] .el-form-item__error').textContent.trim()).toBe('必填');
  });
});
