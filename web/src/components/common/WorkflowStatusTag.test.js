import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../api/workflows.js', () => ({ getWorkflow: vi.fn() }));
import { getWorkflow } from '../../api/workflows.js';
import { ApiError } from '../../api/client.js';
import { mountWithApp } from '../../../tests/helpers.js';
import { fakeGetWorkflow } from '../../../tests/fixtures/workflows.js';
import WorkflowStatusTag from './WorkflowStatusTag.vue';
import TaskStatusTag from '../tasks/TaskStatusTag.vue';

describe('WorkflowStatusTag', () => {
  beforeEach(() => {
    getWorkflow.mockReset();
    getWorkflow.mockImplementation(fakeGetWorkflow);
  });

  it('shows the state with the server’s label and colour, in the UI language', async () => {
    const { wrapper } = await mountWithApp(WorkflowStatusTag, { props: { workflow: 'task', state: 'returned' } });
    const tag = wrapper.find('[data-test="workflow-status"]');
    expect(tag.text()).toBe('已退回');
    expect(tag.attributes('data-state')).toBe('returned');
    // #F56C6C as text on its pale tint.
    expect(tag.attributes('style')).toMatch(/color: rgb\(245, 108, 108\)/);
    expect(tag.attributes('style')).toMatch(/background-color: rgb\(254, 240, 240\)/);
    wrapper.unmount();
    const en = await mountWithApp(WorkflowStatusTag, { props: { workflow: 'task', state: 'returned' }, locale: 'en' });
    expect(en.wrapper.text()).toBe('Returned');
    en.wrapper.unmount();
  });

  it('follows the state and the locale as they change', async () => {
    const { wrapper, i18n } = await mountWithApp(WorkflowStatusTag, { props: { workflow: 'task', state: 'completed' } });
    expect(wrapper.text()).toBe('已完成（待验收）');
    await wrapper.setProps({ state: 'accepted' });
    expect(wrapper.text()).toBe('已验收');
    i18n.global.locale.value = 'en';
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toBe('Accepted');
    wrapper.unmount();
  });

  it('shows the code in a plain tag when the definition cannot be loaded', async () => {
    getWorkflow.mockRejectedValue(new ApiError({ status: 0, title: 'network' }));
    const { wrapper } = await mountWithApp(WorkflowStatusTag, { props: { workflow: 'task', state: 'in_progress' } });
    expect(wrapper.text()).toBe('in_progress');
    expect(wrapper.find('[data-test="workflow-status"]').attributes('style') || '').not.toMatch(/color/);
    wrapper.unmount();
  });

  it('a task tag keeps its test hook and adds 逾期 when overdue', async () => {
    const { wrapper } = await mountWithApp(TaskStatusTag, { props: { status: 'in_progress', overdue: true } });
    expect(wrapper.find('[data-test="task-status"]').text()).toBe('推进中');
    expect(wrapper.text()).toContain('逾期');
    wrapper.unmount();
  });
});
