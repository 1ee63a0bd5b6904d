import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { fakeGetWorkflow, taskWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/tasks.js', () => ({
  getTask: vi.fn(),
  listReports: vi.fn(),
  listTaskEvents: vi.fn(),
  listTasks: vi.fn(),
  runTaskAction: vi.fn(),
  setMilestoneDone: vi.fn(),
  listReportRequests: vi.fn(),
  requestReport: vi.fn(),
  uploadTaskFile: vi.fn(),
  attachmentUrl: (id) => `/api/v1/attachments/${id}`,
}));
vi.mock('../api/campaigns.js', () => ({ getCampaign: vi.fn() }));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true, next_working_day: '2017-12-21', request_due_date: '2017-12-22' })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { flushPromises } from '@vue/test-utils';
import { getTask, listReportRequests, listReports, listTaskEvents, runTaskAction, uploadTaskFile } from '../api/tasks.js';
import { getCampaign } from '../api/campaigns.js';
import { ApiError } from '../api/client.js';
import TaskDetailView from './TaskDetailView.vue';

const base = {
  id: 7,
  version: 3,
  campaign_id: 1,
  code: '3.1',
  title: '南郊乡散煤清洁取暖替代',
  owner_unit_id: 3,
  owner_unit_name: '南郊乡',
  lead_unit_name: '区攻坚办',
  start_date: '2017-10-01',
  deadline: '2017-12-31',
  status: 'completed',
  status_note: '',
  target_value: null,
  progress: 1,
  child_count: 0,
  overdue: false,
  milestones: [{ id: 11, title: '完成摸底排查', deadline: '2017-10-10', done_at: null }],
  ancestors: [],
  actions: [],
};

const events = [
  { id: 0, action: 'create', from: null, to: 'not_started', actor: { id: 1, name: '区攻坚办' }, at: '2017-09-30T01:30:00Z', note: '', evidence: [] },
  { id: 1, action: 'start', from: 'not_started', to: 'in_progress', actor: { id: 5, name: '王专干' }, at: '2017-10-09T02:00:00Z', note: '', evidence: [] },
  { id: 2, action: 'complete', from: 'in_progress', to: 'completed', actor: null, at: '2017-12-15T07:30:00Z', note: '全部完成', evidence: [] },
];

async function mountTask(task, { locale = 'zh-CN' } = {}) {
  getTask.mockResolvedValue(task);
  const mounted = await mountWithApp(TaskDetailView, { path: `/tasks/${task.id}`, locale });
  await mounted.router.push(`/tasks/${task.id}`);
  await settle(0);
  return mounted;
}

const buttonTexts = () => $$('.button-bar .el-button').map((b) => b.textContent.trim());

describe('TaskDetailView', () => {
  beforeEach(() => {
    listReports.mockResolvedValue({ items: [] });
    listReportRequests.mockResolvedValue({ items: [], total: 0 });
    listTaskEvents.mockResolvedValue({ items: events });
    getCampaign.mockResolvedValue({ id: 1, name: '2017 攻坚', work_areas: [] });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows exactly the buttons the server allows, workflow actions labelled by the definition', async () => {
    const { wrapper } = await mountTask({ ...base, actions: ['accept', 'return', 'report', 'tick_milestone'] });
    expect($('[data-test="task-status"]').textContent.trim()).toBe('已完成（待验收）');
    expect($('[data-test="task-report-button"]')).not.toBeNull();
    expect($('[data-test="task-action-accept"]').textContent.trim()).toBe('验收通过');
    expect($('[data-test="task-action-return"]').textContent.trim()).toBe('退回整改');
    for (const absent of ['task-action-start', 'task-action-reopen', 'task-edit', 'task-decompose', 'task-new-subtask', 'task-request-report'])
      expect($(`[data-test="${absent}"]`), absent).toBeNull();
    expect($('[data-test="milestone-11"] input').disabled).toBe(false);
    wrapper.unmount();
  });

  it('shows no button and a locked milestone when the server allows nothing', async () => {
    const { wrapper } = await mountTask({ ...base, status: 'accepted', actions: [] });
    expect(buttonTexts()).toEqual([]);
    expect($('[data-test="milestone-11"] input').disabled).toBe(true);
    wrapper.unmount();
  });

  it('offers edit and 催报 from the allowed operations, whatever the status', async () => {
    const { wrapper } = await mountTask({ ...base, status: 'accepted', actions: ['edit', 'request_report', 'reopen'] });
    expect($('[data-test="task-edit"]')).not.toBeNull();
    expect($('[data-test="task-request-report"]')).not.toBeNull();
    expect($('[data-test="task-action-reopen"]').textContent.trim()).toBe('撤销验收');
    expect($('[data-test="task-report-button"]')).toBeNull();
    wrapper.unmount();
  });

  it('shows the history as a timeline: action, who, from → to as labelled states, note', async () => {
    const { wrapper } = await mountTask({ ...base, actions: [] });
    const items = $$('[data-test="workflow-event"]');
    expect(items).toHaveLength(3);
    // The creation: no state before it.
    expect(items[0].querySelector('[data-test="workflow-event-action"]').textContent).toBe('创建');
    expect([...items[0].querySelectorAll('[data-test="workflow-status"]')].map((e) => e.textContent.trim())).toEqual(['未开始']);
    expect(items[1].querySelector('[data-test="workflow-event-action"]').textContent).toBe('开始推进');
    expect(items[1].querySelector('[data-test="workflow-event-actor"]').textContent).toBe('王专干');
    expect([...items[1].querySelectorAll('[data-test="workflow-status"]')].map((e) => e.textContent.trim())).toEqual(['未开始', '推进中']);
    // Beijing time.
    expect(items[1].textContent).toContain('2017-10-09 10:00:00');
    expect(items[2].querySelector('[data-test="workflow-event-actor"]').textContent).toBe('系统');
    expect(items[2].querySelector('[data-test="workflow-event-note"]').textContent).toBe('全部完成');
    wrapper.unmount();
  });

  it('labels states and actions in English', async () => {
    const { wrapper } = await mountTask({ ...base, actions: ['accept'] }, { locale: 'en' });
    expect($('[data-test="task-status"]').textContent.trim()).toBe('Completed (awaiting acceptance)');
    expect($('[data-test="task-action-accept"]').textContent.trim()).toBe('Accept');
    expect($$('[data-test="workflow-event-action"]').map((e) => e.textContent)).toEqual(['Created', 'Start', 'Report completion']);
    wrapper.unmount();
  });

  it('asks for a note when the action requires one, sends it, and refreshes task and history', async () => {
    const { wrapper } = await mountTask({ ...base, actions: ['accept', 'return'] });
    runTaskAction.mockResolvedValue({});
    const returned = { ...base, version: 4, status: 'returned', status_note: '台账不全', actions: ['report'] };
    getTask.mockResolvedValue(returned);
    const after = [...events, { id: 3, action: 'return', from: 'completed', to: 'returned', actor: { id: 2, name: '李主任' }, at: '2017-12-16T01:00:00Z', note: '台账不全', evidence: [] }];
    listTaskEvents.mockResolvedValue({ items: after });

    $('[data-test="task-action-return"]').click();
    await settle();
    const box = $('.el-message-box');
    expect(box.textContent).toContain('退回整改');
    // An empty note is refused before anything is sent.
    box.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle();
    expect(runTaskAction).not.toHaveBeenCalled();
    await typeInto(box.querySelector('textarea'), '  台账不全 ');
    box.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle(400);
    expect(runTaskAction).toHaveBeenCalledWith(7, 'return', 3, '台账不全');
    expect($('[data-test="task-status"]').textContent.trim()).toBe('已退回');
    expect($('[data-test="task-state-note"]').textContent).toContain('已退回：台账不全');
    expect($$('[data-test="workflow-event"]')).toHaveLength(4);
    expect($('[data-test="task-action-return"]')).toBeNull();
    wrapper.unmount();
  });

  it('confirms an action without a note and sends none', async () => {
    const { wrapper } = await mountTask({ ...base, actions: ['accept', 'return'] });
    runTaskAction.mockResolvedValue({});
    $('[data-test="task-action-accept"]').click();
    await settle();
    const box = $('.el-message-box');
    expect(box.querySelector('textarea')).toBeNull();
    box.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle(400);
    expect(runTaskAction).toHaveBeenCalledWith(7, 'accept', 3, '');
    expect(listTaskEvents).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });

  it('goes on without a history when the server has none (404)', async () => {
    listTaskEvents.mockRejectedValue(new ApiError({ status: 404, title: 'Not Found', code: 'not_found' }));
    const { wrapper } = await mountTask({ ...base, actions: ['accept'] });
    expect($('[data-test="task-title"]').textContent).toContain(base.title);
    expect($('[data-test="task-history"]')).toBeNull();
    expect($('.el-message--error')).toBeNull();
    wrapper.unmount();
  });
  describe('evidence', () => {
    const complete = taskWorkflow.actions.find((a) => a.name === 'complete');
    beforeEach(() => {
      complete.evidence = ['photo'];
    });
    afterEach(() => {
      complete.evidence = [];
    });
    const photo = { id: 41, filename: '整改后.jpg', content_type: 'image/jpeg', url: '/api/v1/attachments/41', thumbnail_url: '/api/v1/attachments/41/thumbnail', taken_at: '2017-12-14T10:20:05' };

    async function pick(selector, files) {
      const input = $(`input[data-test="${selector}"]`);
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      input.dispatchEvent(new Event('change'));
      await flushPromises();
      await settle(0);
    }

    it('asks for the photos the definition requires, files them on the task and sends their ids', async () => {
      const { wrapper } = await mountTask({ ...base, status: 'in_progress', actions: ['complete', 'report'] });
      uploadTaskFile.mockResolvedValue(photo);
      runTaskAction.mockResolvedValue({});
      $('[data-test="task-action-complete"]').click();
      await settle();
      // Not the plain confirmation: the evidence prompt, saying what is needed.
      expect($('.el-message-box')).toBeNull();
      expect($('[data-test="action-evidence-needed"]').textContent).toContain('现场照片');
      // The camera opens straight away on a phone.
      const camera = $('input[data-test="action-evidence-camera"]');
      expect(camera.getAttribute('accept')).toBe('image/*');
      expect(camera.hasAttribute('capture')).toBe(true);
      expect($('input[data-test="action-evidence-files"]')).toBeNull();
      // Nothing to confirm without a file.
      expect($('[data-test="action-evidence-submit"]').disabled).toBe(true);
      const file = new File(['jpeg'], '整改后.jpg', { type: 'image/jpeg' });
      await pick('action-evidence-camera', [file]);
      expect(uploadTaskFile).toHaveBeenCalledWith(7, file);
      const items = $$('[data-test="action-evidence-item"]');
      expect(items).toHaveLength(1);
      expect(items[0].querySelector('img').getAttribute('src')).toBe('/api/v1/attachments/41/thumbnail');
      expect(items[0].textContent).toContain('拍摄于 2017-12-14 10:20');
      $('[data-test="action-evidence-submit"]').click();
      await settle(400);
      expect(runTaskAction).toHaveBeenCalledWith(7, 'complete', 3, '', [41]);
      wrapper.unmount();
    });

    it('keeps the prompt open when the server refuses, and sends no failed upload', async () => {
      const { wrapper } = await mountTask({ ...base, status: 'in_progress', actions: ['complete'] });
      uploadTaskFile.mockRejectedValueOnce(new ApiError({ status: 422, title: 'Unprocessable', code: 'validation_failed' })).mockResolvedValueOnce(photo);
      runTaskAction.mockRejectedValue(new ApiError({ status: 422, title: 'Unprocessable', code: 'validation_failed', errors: [{ field: 'evidence', code: 'evidence_required', params: { kind: 'photo' } }] }));
      $('[data-test="task-action-complete"]').click();
      await settle();
      await pick('action-evidence-camera', [new File(['x'], 'bad.png', { type: 'image/png' }), new File(['jpeg'], 'ok.jpg', { type: 'image/jpeg' })]);
      $('[data-test="action-evidence-submit"]').click();
      await settle(400);
      expect(runTaskAction).toHaveBeenCalledWith(7, 'complete', 3, '', [41]);
      expect($('[data-test="action-evidence-dialog"]')).not.toBeNull();
      expect($$('[data-test="action-evidence-item"]')).toHaveLength(2);
      wrapper.unmount();
    });
  });

  it('shows the evidence of an event as the server\'s thumbnails with the time taken, other files as links', async () => {
    const withEvidence = [
      ...events,
      {
        id: 3,
        action: 'accept',
        from: 'completed',
        to: 'accepted',
        actor: { id: 2, name: '李主任' },
        at: '2017-12-16T01:00:00Z',
        note: '',
        evidence: [
          { id: 41, filename: '整改后.jpg', content_type: 'image/jpeg', url: '/api/v1/attachments/41', thumbnail_url: '/api/v1/attachments/41/thumbnail', taken_at: '2017-12-14T10:20:05' },
          { id: 42, filename: '验收单.pdf', content_type: 'application/pdf', url: '/api/v1/attachments/42', thumbnail_url: null, taken_at: null },
        ],
      },
    ];
    listTaskEvents.mockResolvedValue({ items: withEvidence });
    const { wrapper } = await mountTask({ ...base, status: 'accepted', actions: [] });
    const items = $$('[data-test="workflow-event"]');
    expect(items).toHaveLength(4);
    expect(items[2].querySelector('[data-test="workflow-event-evidence"]')).toBeNull();
    const ev = items[3].querySelector('[data-test="workflow-event-evidence"]');
    const thumbs = ev.querySelectorAll('[data-test="workflow-evidence-thumb"]');
    expect(thumbs).toHaveLength(1);
    await settle(50);
    expect(thumbs[0].querySelector('img').getAttribute('src')).toBe('/api/v1/attachments/41/thumbnail');
    expect(ev.querySelector('[data-test="workflow-evidence-taken"]').textContent).toBe('拍摄于 2017-12-14 10:20');
    const link = ev.querySelector('[data-test="workflow-evidence-file"]');
    expect(link.getAttribute('href')).toBe('/api/v1/attachments/42');
    expect(link.textContent).toBe('验收单.pdf');
    wrapper.unmount();
  });
});
