import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, makeRouter, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { problemPhoto, problemRules, rectifyingProblem } from '../../tests/fixtures/problems.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/problems.js', () => ({
  getProblem: vi.fn(),
  getProblemRules: vi.fn(),
  listProblemEvents: vi.fn(),
  listProblems: vi.fn(),
  runProblemAction: vi.fn(),
  uploadProblemFile: vi.fn(),
  problemDocumentUrl: (id, file) => `/api/v1/problems/${id}/documents/${file}`,
}));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
vi.mock('../api/units.js', () => ({
  fetchUnitTree: vi.fn(async () => ({
    items: [
      { id: 29, name: '南郊乡', children: [] },
      { id: 8, name: '区住房和城乡建设局', children: [] },
    ],
  })),
  getUnit: vi.fn(),
}));
vi.mock('../api/users.js', () => ({ listUsers: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { getProblem, getProblemRules, listProblemEvents, listProblems, runProblemAction } from '../api/problems.js';
import { getUnit } from '../api/units.js';
import { listUsers } from '../api/users.js';
import { useAuthStore } from '../stores/auth.js';
import ProblemView from './ProblemView.vue';

const Stub = { template: '<div />' };
function problemRouter() {
  const router = makeRouter();
  router.addRoute({ path: '/problems', name: 'problems', component: Stub });
  router.addRoute({ path: '/problems/:id(\\d+)', name: 'problem', component: Stub });
  router.addRoute({ path: '/problems/:id(\\d+)/verify', name: 'problem-verify', component: Stub });
  return router;
}

const events = [
  { id: 1, action: 'create', from: null, to: 'registered', actor: { id: 2, name: '攻坚办值班员' }, at: '2017-12-08T01:00:00Z', note: '', evidence: [] },
  { id: 2, action: 'assign', from: 'registered', to: 'assigned', actor: { id: 2, name: '攻坚办值班员' }, at: '2017-12-11T01:00:00Z', note: '', evidence: [] },
  { id: 3, action: 'report', from: 'rectifying', to: 'reported', actor: { id: 4, name: '南郊乡工作人员' }, at: '2017-12-15T01:00:00Z', note: '已覆盖', evidence: [31] },
];

async function mountProblem(problem = rectifyingProblem, permissions = ['problems.read', 'problems.register', 'problems.manage', 'enterprises.read', 'ledgers.read']) {
  getProblem.mockResolvedValue(structuredClone(problem));
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 2 }, permissions, loaded: true });
  const mounted = await mountWithApp(ProblemView, { path: `/problems/${problem.id}`, pinia, router: problemRouter() });
  await settle(0);
  return mounted;
}
const buttons = () => $$('.head-panel .button-bar .el-button').map((b) => b.textContent.trim());

describe('ProblemView', () => {
  beforeEach(() => {
    getProblemRules.mockResolvedValue(structuredClone(problemRules));
    listProblemEvents.mockResolvedValue({ items: structuredClone(events) });
    listProblems.mockResolvedValue({ items: [], total: 0 });
  });
  afterEach(() => {
    vi.clearAllMocks();
    window.sessionStorage.clear();
    document.body.innerHTML = '';
  });

  it('shows the problem: number, state, deadline overdue, escalation, responsibility and what it is', async () => {
    await mountProblem();
    expect(getProblem).toHaveBeenCalledWith(7);
    expect($('[data-test="problem-number"]').textContent).toBe('禹攻坚督〔2017〕7号');
    expect($('[data-test="problem-title"]').textContent).toBe('南郊村安置房工地裸土未覆盖');
    expect($('.head-panel [data-test="workflow-status"]').textContent.trim()).toBe('整改中');
    expect($('.head-panel [data-test="problem-overdue"]').textContent).toBe('逾期 2 天');
    expect($('[data-test="problem-escalation"]').textContent.trim()).toBe('逾期提醒');
    expect($('.type-line').textContent).toContain('区督导组');
    expect($('.type-line').textContent).toContain('施工扬尘');
    expect($('[data-test="problem-unit"]').textContent).toBe('南郊乡');
    expect($('[data-test="problem-person"]').textContent).toBe('南郊乡工作人员');
    expect($('[data-test="problem-leader-party"]').textContent).toBe('南郊乡党委书记（示例）');
    expect($('[data-test="problem-leader-government"]').textContent).toBe('南郊乡行政负责人（示例）');
    expect($('[data-test="problem-cooperating"]').textContent).toBe('区住房和城乡建设局');
    expect($('[data-test="problem-handler"]').textContent).toBe('攻坚办值班员');
    expect($('[data-test="problem-description"]').textContent).toBe('东侧约300平方米裸土未覆盖');
    expect($('[data-test="problem-standard"]').textContent).toBe('裸露土方全部覆盖');
    expect($('[data-test="problem-enterprise"]').getAttribute('href')).toBe('/enterprises/3');
    expect($('[data-test="problem-location"]').textContent).toBe('114.365500, 34.761200');
    expect($('[data-test="problem-map-link"]').getAttribute('href')).toBe('/map?layers=problems&focus=7');
    // Assigned and reported: the notice and the report the server prints.
    expect($('[data-test="problem-document-notice-pdf"]').getAttribute('href')).toBe('/api/v1/problems/7/documents/notice.pdf');
    expect($('[data-test="problem-document-report-html"]').getAttribute('href')).toBe('/api/v1/problems/7/documents/report.html');
    // A rebound of problem 2: linked; its own rebounds asked for.
    expect($('[data-test="problem-parent"] a').getAttribute('href')).toBe('/problems/2');
    expect(listProblems).toHaveBeenCalledWith({ parent_id: 7, per_page: 50 });
  });

  it('offers exactly the moves the server lists, labelled by the workflow', async () => {
    await mountProblem();
    expect(buttons()).toEqual(['合并重复问题']);

    document.body.innerHTML = '';
    await mountProblem({ ...rectifyingProblem, actions: ['request_extension', 'report'] });
    expect(buttons()).toEqual(['申请延期', '报送整改情况']);
    expect($('[data-test="problem-verify-link"]')).toBeNull();

    document.body.innerHTML = '';
    await mountProblem({ ...rectifyingProblem, status: 'verifying', actions: ['pass_verification', 'fail_verification'] });
    expect(buttons()).toEqual(['现场核查', '核查通过（销号）', '核查未通过']);

    document.body.innerHTML = '';
    listProblemEvents.mockResolvedValue({ items: structuredClone(events.slice(0, 2)) });
    await mountProblem({ ...rectifyingProblem, actions: [] }, ['problems.read']);
    expect($('.head-panel .button-bar')).toBeNull();
    // Not reported yet: the notice only; no map for a reader without it.
    expect($('[data-test="problem-document-notice-pdf"]')).not.toBeNull();
    expect($('[data-test="problem-document-report-pdf"]')).toBeNull();
    expect($('[data-test="problem-map-link"]')).toBeNull();
    // Neither a party nor a registrar: nothing to file.
    expect($('input[data-test="problem-file-camera"]')).toBeNull();
  });

  it('asks a move for what its definition names: an extension its date and the required note', async () => {
    runProblemAction.mockResolvedValue({ ...rectifyingProblem, status: 'extension_requested', extension_until: '2018-01-05', actions: [] });
    await mountProblem({ ...rectifyingProblem, actions: ['request_extension', 'report'] });
    $('[data-test="problem-action-request_extension"]').click();
    await settle(0);
    const dialog = $('[data-test="problem-action-dialog"]');
    expect(dialog.querySelector('.el-dialog__title').textContent).toBe('申请延期');
    expect(dialog.querySelector('[data-field="extension_until"]')).not.toBeNull();
    expect(dialog.querySelector('[data-field="unit_id"]')).toBeNull();
    expect(dialog.querySelector('[data-field="evidence"]')).toBeNull();
    expect(dialog.querySelector('[data-field="note"]').classList.contains('is-required')).toBe(true);
    await typeInto(dialog.querySelector('[data-field="extension_until"] input'), '2018-01-05');
    await typeInto(dialog.querySelector('textarea[data-test="problem-action-note"]'), '连续雨雪，覆盖材料无法进场');
    $('[data-test="problem-action-save"]').click();
    await settle();
    expect(runProblemAction).toHaveBeenCalledWith(7, 'request_extension', { version: 5, note: '连续雨雪，覆盖材料无法进场', extension_until: '2018-01-05' });
    expect($('.head-panel [data-test="workflow-status"]').textContent.trim()).toBe('申请延期');
  });

  it('assigns with the unit’s 党政同责 leaders filled in, a person and a deadline in working days', async () => {
    getUnit.mockResolvedValue({ id: 29, name: '南郊乡', party_secretary: { name: '张书记', phone: '' }, government_head: { name: '李乡长', phone: '' } });
    listUsers.mockResolvedValue({ items: [{ id: 4, name: '南郊乡工作人员', unit_name: '南郊乡' }] });
    runProblemAction.mockResolvedValue({ ...rectifyingProblem, status: 'assigned', actions: [] });
    const fresh = { ...rectifyingProblem, status: 'registered', unit: null, person_id: null, person_name: '', leader_party: '', leader_government: '', cooperating_unit_ids: [], deadline: null, days_overdue: 0, escalation: 'none', escalations: [], parent_id: null, actions: ['assign', 'merge', 'dismiss'] };
    await mountProblem(fresh);
    expect(buttons()).toEqual(['交办', '合并重复问题', '不予受理']);
    $('[data-test="problem-action-assign"]').click();
    await settle(0);
    const dialog = $('[data-test="problem-action-dialog"]');
    for (const f of ['unit_id', 'person_id', 'leader_party', 'leader_government', 'cooperating_unit_ids', 'deadline']) expect(dialog.querySelector(`[data-field="${f}"]`)).not.toBeNull();
    expect(dialog.querySelector('[data-field="note"]').classList.contains('is-required')).toBe(false);
    // The unit, from the tree.
    dialog.querySelector('[data-field="unit_id"] .el-select__wrapper').click();
    await settle(0);
    $$('.el-tree-node__content').find((n) => n.textContent.includes('南郊乡') && n.closest('.el-popper')?.style.display !== 'none').click();
    await settle();
    expect(getUnit).toHaveBeenCalledWith(29);
    expect(dialog.querySelector('input[data-test="problem-action-leader-party"]').value).toBe('张书记');
    expect(dialog.querySelector('input[data-test="problem-action-leader-government"]').value).toBe('李乡长');
    // The person among the unit's users.
    expect(listUsers).toHaveBeenCalledWith({ unit: 29, subtree: true, per_page: 100 });
    dialog.querySelector('[data-field="person_id"] .el-select__wrapper').click();
    await settle(0);
    $$('.el-select-dropdown__item').find((o) => o.textContent.includes('南郊乡工作人员') && o.closest('.el-popper')?.style.display !== 'none').click();
    await settle(0);
    // The deadline kinds are the rules'.
    expect($$('[data-test="problem-action-deadline-kind"] .el-radio-button').map((b) => b.textContent.trim())).toEqual(['指定日期', '工作日', '立行立改']);
    dialog.querySelector('[data-test="problem-action-deadline-working_days"] input').click();
    await settle(0);
    await typeInto(dialog.querySelector('[data-test="problem-action-deadline-days"] input'), '5');
    $('[data-test="problem-action-save"]').click();
    await settle();
    expect(runProblemAction).toHaveBeenCalledWith(7, 'assign', {
      version: 5,
      unit_id: 29,
      person_id: 4,
      leader_party: '张书记',
      leader_government: '李乡长',
      cooperating_unit_ids: [],
      deadline_kind: 'working_days',
      deadline_days: 5,
    });
  });

  it('names a verifier among the campaign office’s members, and draws a plain box for a field it has no input of its own for', async () => {
    listUsers.mockResolvedValue({ items: [{ id: 2, name: '攻坚办值班员' }, { id: 5, name: '攻坚办督查科' }] });
    runProblemAction.mockResolvedValue({ ...rectifyingProblem, status: 'verifying', actions: [] });
    await mountProblem({ ...rectifyingProblem, status: 'reported', actions: ['assign_verifier'] });
    $('[data-test="problem-action-assign_verifier"]').click();
    await settle(0);
    expect(listUsers).toHaveBeenCalledWith({ role: 'campaign_office', per_page: 100 });
    $('[data-field="verifier_id"] .el-select__wrapper').click();
    await settle(0);
    const options = $$('.el-select-dropdown__item').filter((o) => o.closest('.el-popper')?.style.display !== 'none');
    expect(options.map((o) => o.textContent.trim())).toEqual(['攻坚办值班员（本人）', '攻坚办督查科']);
    options[0].click();
    await settle(0);
    $('[data-test="problem-action-save"]').click();
    await settle();
    expect(runProblemAction).toHaveBeenCalledWith(7, 'assign_verifier', { version: 5, verifier_id: 2 });

    // A deployment's workflow asking for a field of its own.
    document.body.innerHTML = '';
    const { useWorkflowsStore } = await import('../stores/workflows.js');
    const { problemWorkflow } = await import('../../tests/fixtures/problems.js');
    const wf = structuredClone(problemWorkflow);
    wf.actions.find((a) => a.name === 'dismiss').required_fields = ['ticket_no'];
    await mountProblem({ ...rectifyingProblem, status: 'registered', actions: ['dismiss'] });
    useWorkflowsStore().put('problem', wf);
    await settle(0);
    $('[data-test="problem-action-dismiss"]').click();
    await settle(0);
    expect($('[data-field="ticket_no"] input[data-test="problem-action-field-ticket_no"]')).not.toBeNull();
  });

  it('shows the server’s complaint at the input it names', async () => {
    const { ApiError } = await import('../api/client.js');
    runProblemAction.mockRejectedValue(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'extension_until', code: 'extension_not_later', params: { deadline: '2017-12-18' } }] }));
    await mountProblem({ ...rectifyingProblem, actions: ['request_extension'] });
    $('[data-test="problem-action-request_extension"]').click();
    await settle(0);
    await typeInto($('textarea[data-test="problem-action-note"]'), '需要更多时间');
    $('[data-test="problem-action-save"]').click();
    await settle();
    expect($('[data-field="extension_until"] .el-form-item__error').textContent.trim()).toBe('须晚于当前整改时限 2017-12-18');
  });

  it('marks the photos the server’s checks found something on, for the verifier', async () => {
    const files = [
      problemPhoto(31, { no_exif: true, any: true }),
      problemPhoto(32, { far: true, distance_m: 812, before_assigned: true, any: true }),
      problemPhoto(33, { reused_on: [3], any: true }),
      problemPhoto(34),
      { ...problemPhoto(35), kind: 'document', filename: '整改报告.pdf', thumbnail_url: null, flags: undefined },
    ];
    await mountProblem({ ...rectifyingProblem, files });
    expect($('[data-test="problem-evidence"] .section-title').textContent).toBe('照片和材料（5）');
    expect($('[data-test="problem-flag-summary"]').textContent).toContain('3 张照片未通过自动核验');
    const photos = $$('[data-test="problem-photo"]');
    expect(photos.map((p) => p.dataset.flagged)).toEqual(['true', 'true', 'true', 'false']);
    expect(photos[0].querySelector('[data-test="photo-mark-no_exif"]').textContent).toContain('无拍摄信息（EXIF）');
    expect(photos[1].querySelector('[data-test="photo-mark-far"]').textContent).toContain('拍摄地点距问题现场约 812 米');
    expect(photos[1].querySelector('[data-test="photo-mark-before_assigned"]').textContent).toContain('拍摄时间早于交办时间');
    expect(photos[2].querySelector('[data-test="photo-mark-reused-link"]').getAttribute('href')).toBe('/problems/3');
    expect(photos[3].querySelector('[data-test="photo-marks"]')).toBeNull();
    expect($('[data-test="problem-document"]').textContent).toBe('整改报告.pdf');
  });

  it('shows the history with each move’s files and the escalation steps among them', async () => {
    await mountProblem({ ...rectifyingProblem, files: [problemPhoto(31, { event_id: 3 })] });
    const history = $$('[data-test="problem-history"] [data-test="workflow-event-action"]').map((e) => e.textContent.trim());
    expect(history).toEqual(['创建', '交办', '报送整改情况', '逾期提醒']);
    const items = $$('[data-test="problem-history"] [data-test="workflow-event"]');
    expect(items[2].querySelector('[data-test="workflow-evidence-thumb"]')).not.toBeNull();
    expect(items[3].querySelector('[data-test="workflow-event-note"]').textContent).toBe('逾期 1 天（整改时限 2017-12-18）');
    expect(items[3].querySelector('[data-test="workflow-status"]')).toBeNull();
  });

  it('links a closed problem to its rebounds and shows when the look-back falls due', async () => {
    listProblems.mockResolvedValue({ items: [{ ...rectifyingProblem, id: 12, number: '禹攻坚督〔2018〕3号', status: 'registered' }], total: 1 });
    await mountProblem({ ...rectifyingProblem, status: 'closed', parent_id: null, days_overdue: 0, escalation: 'none', lookback_due: '2018-01-04', closed_at: '2017-12-20T01:00:00Z', actions: ['find_rebound'] });
    expect($('[data-test="problem-lookback-due"]').textContent).toBe('回头看：2018-01-04 到期');
    expect($('[data-test="problem-rebounds"] a').getAttribute('href')).toBe('/problems/12');
    expect($('[data-test="problem-rebounds"]').textContent).toContain('禹攻坚督〔2018〕3号');
    expect($('[data-test="problem-parent"]')).toBeNull();
  });

  it('reads in English', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    Object.assign(useAuthStore(), { user: { id: 2 }, permissions: ['problems.read'], loaded: true });
    getProblem.mockResolvedValue(structuredClone({ ...rectifyingProblem, actions: ['merge'] }));
    await mountWithApp(ProblemView, { path: '/problems/7', pinia, router: problemRouter(), locale: 'en' });
    await settle(0);
    expect($('.head-panel [data-test="workflow-status"]').textContent.trim()).toBe('Rectifying');
    expect($('.head-panel [data-test="problem-overdue"]').textContent).toBe('2 days overdue');
    expect(buttons()).toEqual(['Merge into another problem']);
  });
});
