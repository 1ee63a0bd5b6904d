import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn() }));
import { getWorkflow } from '../api/workflows.js';
import { ApiError } from '../api/client.js';
import { labelIn, useWorkflowsStore } from './workflows.js';
import { fakeGetWorkflow, taskWorkflow } from '../../tests/fixtures/workflows.js';

describe('workflows store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    getWorkflow.mockReset();
    getWorkflow.mockImplementation(fakeGetWorkflow);
  });

  it('loads a definition once, however many screens ask at the same time', async () => {
    const store = useWorkflowsStore();
    const [a, b] = await Promise.all([store.load('task'), store.load('task')]);
    await store.load('task');
    expect(getWorkflow).toHaveBeenCalledTimes(1);
    expect(getWorkflow).toHaveBeenCalledWith('task');
    expect(a).toBe(b);
    expect(a.initial).toBe('not_started');
  });

  it('gives labels in the asked locale, colours and flags of states', async () => {
    const store = useWorkflowsStore();
    await store.load('task');
    expect(store.stateLabel('task', 'in_progress', 'zh-CN')).toBe('推进中');
    expect(store.stateLabel('task', 'in_progress', 'en')).toBe('In progress');
    // A locale the server did not label falls back to Chinese.
    expect(store.stateLabel('task', 'accepted', 'fr')).toBe('已验收');
    expect(store.stateColor('task', 'returned')).toBe('#F56C6C');
    expect(store.state('task', 'accepted')).toMatchObject({ open: false, done: true, frozen: true });
    expect(store.state('task', 'nonsense')).toBeNull();
    expect(store.stateNames('task', (s) => !s.frozen)).toEqual(['not_started', 'in_progress', 'completed', 'returned']);
    expect(store.stateNames('task')).toHaveLength(5);
  });

  it('gives action labels, note_required, and the workflow actions among a record’s allowed ones in the definition’s order', async () => {
    const store = useWorkflowsStore();
    await store.load('task');
    expect(store.actionLabel('task', 'return', 'zh-CN')).toBe('退回整改');
    expect(store.actionLabel('task', 'return', 'en')).toBe('Return for rework');
    expect(store.action('task', 'return').note_required).toBe(true);
    expect(store.action('task', 'accept').note_required).toBe(false);
    const shown = store.actionsOf('task', ['edit', 'return', 'report', 'accept']).map((a) => a.name);
    expect(shown).toEqual(['accept', 'return']);
    expect(store.actionsOf('task', undefined)).toEqual([]);
  });

  it('names a code from whichever loaded workflow knows it', async () => {
    const store = useWorkflowsStore();
    await store.load('task');
    expect(store.findLabel('state', 'returned', 'zh-CN')).toBe('已退回');
    expect(store.findLabel('action', 'reopen', 'en')).toBe('Reopen');
    expect(store.findLabel('state', 'returned', 'en', 'campaign')).toBe('');
    expect(store.findLabel('state', 'nonsense', 'zh-CN')).toBe('');
  });

  it('shows codes before the definition is known and asks again after a failed load', async () => {
    const store = useWorkflowsStore();
    expect(store.stateLabel('task', 'in_progress', 'zh-CN')).toBe('in_progress');
    expect(store.stateColor('task', 'in_progress')).toBe('');
    getWorkflow.mockRejectedValueOnce(new ApiError({ status: 0, title: 'network' }));
    await expect(store.load('task')).rejects.toMatchObject({ status: 0 });
    expect(store.failed.task).toBe(true);
    await store.load('task');
    expect(getWorkflow).toHaveBeenCalledTimes(2);
    expect(store.failed.task).toBeUndefined();
    expect(store.stateLabel('task', 'in_progress', 'zh-CN')).toBe('推进中');
  });

  it('rejects an unknown workflow with the server’s problem', async () => {
    const store = useWorkflowsStore();
    await expect(store.load('nonsense')).rejects.toMatchObject({ status: 404 });
    await store.loadAll(['nonsense', 'task']);
    expect(store.def('task').states.map((s) => s.name)).toEqual(taskWorkflow.states.map((s) => s.name));
    expect(store.def('nonsense')).toBeNull();
  });
});

describe('labelIn', () => {
  it('takes the locale, then Chinese, then any text; a plain string as is', () => {
    expect(labelIn({ 'zh-CN': '甲', en: 'A' }, 'en')).toBe('A');
    expect(labelIn({ 'zh-CN': '甲', en: 'A' }, 'fr')).toBe('甲');
    expect(labelIn({ en: 'A' }, 'zh-CN')).toBe('A');
    expect(labelIn('甲', 'en')).toBe('甲');
    expect(labelIn(null, 'en', 'code')).toBe('code');
    expect(labelIn({}, 'en', 'code')).toBe('code');
  });
});
