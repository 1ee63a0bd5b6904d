import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/tasks.js', () => ({ listTasks: vi.fn(), getMyTasksSummary: vi.fn() }));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
import { getMyTasksSummary, listTasks } from '../api/tasks.js';
import { getWorkflow } from '../api/workflows.js';
import MyTasksView from './MyTasksView.vue';

const row = (id, status, actions) => ({
  id,
  code: String(id),
  title: `任务${id}`,
  owner_unit_name: '南郊乡',
  deadline: '2017-12-31',
  status,
  progress: 0.5,
  overdue: false,
  actions,
});

describe('MyTasksView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('asks the server for tasks not frozen and offers 填报 where the server allows a report', async () => {
    getMyTasksSummary.mockResolvedValue({ counts: { mine: 2, unit: 2 }, default_tab: 'mine' });
    listTasks.mockResolvedValue({ items: [row(1, 'in_progress', ['report', 'complete']), row(2, 'completed', ['edit'])], total: 2 });
    const { wrapper } = await mountWithApp(MyTasksView, { path: '/my-tasks' });
    // The desktop table is an async component: wait for its code.
    for (let i = 0; i < 150 && !$('[data-test="my-tasks-table"]'); i += 1) await settle(20);
    await settle(0);
    const query = listTasks.mock.calls.at(-1)[0];
    // The server knows which states are frozen; the list does not wait for the definition.
    expect(query.frozen).toBe(false);
    expect(query.status).toBeUndefined();
    const reportButtons = $$('[data-test="my-task-report"]');
    expect(reportButtons).toHaveLength(1);
    expect(reportButtons[0].closest('tr').textContent).toContain('任务1');
    expect($$('[data-test="task-status"]').map((e) => e.textContent.trim())).toEqual(['推进中', '已完成（待验收）']);
    wrapper.unmount();
  });

  it('lists (unfiltered by status names) even when the workflow cannot be loaded', async () => {
    getWorkflow.mockRejectedValueOnce(Object.assign(new Error('network'), { status: 0 }));
    getMyTasksSummary.mockResolvedValue({ counts: { mine: 0, unit: 0 }, default_tab: 'mine' });
    listTasks.mockResolvedValue({ items: [], total: 0 });
    const { wrapper } = await mountWithApp(MyTasksView, { path: '/my-tasks' });
    // The desktop table is an async component: wait for its code.
    for (let i = 0; i < 150 && !$('[data-test="my-tasks-table"]'); i += 1) await settle(20);
    await settle(0);
    expect(listTasks).toHaveBeenCalled();
    expect(listTasks.mock.calls.at(-1)[0].status).toBeUndefined();
    expect(listTasks.mock.calls.at(-1)[0].frozen).toBe(false);
    expect($('[data-test="my-tasks-table"]')).not.toBeNull();
    wrapper.unmount();
  });
});
