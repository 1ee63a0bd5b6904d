import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { fakeGetWorkflow, taskWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/tasks.js', () => ({ listTasks: vi.fn(), getTaskTree: vi.fn(), taskExportUrl: () => '/export.xlsx' }));
vi.mock('../api/campaigns.js', () => ({ getCampaign: vi.fn() }));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { getCampaign } from '../api/campaigns.js';
import { listTasks } from '../api/tasks.js';
import TaskTreeView from './TaskTreeView.vue';

const task = (id, status, progress, extra = {}) => ({
  id,
  code: String(id),
  title: `任务${id}`,
  status,
  progress,
  deadline: '2017-12-31',
  start_date: '2017-10-01',
  child_count: 0,
  work_area_id: null,
  overdue: false,
  ...extra,
});

describe('TaskTreeView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('offers the workflow’s states as status filters and filters by them; bars of finished work take the state’s colour', async () => {
    getCampaign.mockResolvedValue({ id: 1, name: '2017 攻坚', work_areas: [], actions: [] });
    listTasks.mockResolvedValue({ items: [task(1, 'accepted', 1), task(2, 'in_progress', 0.5), task(3, 'in_progress', 0.2, { overdue: true })], total: 3 });
    const { wrapper } = await mountWithApp(TaskTreeView, { path: '/campaigns/1/tasks?status=returned' });
    await settle(0);
    // Status filter options: the definition's states with its labels, in its order.
    $('[data-test="tasks-status"] .el-select__wrapper').click();
    await settle();
    const options = $$('.el-select-dropdown__item').map((o) => o.textContent.trim());
    expect(options).toEqual(taskWorkflow.states.map((s) => s.label['zh-CN']));
    expect(listTasks.mock.calls.at(-1)[0].status).toBe('returned');
    // Progress bars: the accepted task in its state's colour, the overdue one red, the other the default.
    const bars = $$('[data-test="task-tree-table"] .el-progress-bar__inner').map((b) => b.style.backgroundColor);
    expect(bars).toEqual(['rgb(103, 194, 58)', '', 'rgb(208, 48, 48)']);
    wrapper.unmount();
  });
});
