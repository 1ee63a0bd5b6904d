import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../../tests/helpers.js';
import { boilerType, gasType } from '../../../tests/fixtures/ledgers.js';

vi.mock('../../api/ledgers.js', () => ({
  listLedgerTypes: vi.fn(),
  getTaskLedgerCount: vi.fn(),
  setTaskLedgerCount: vi.fn(),
  deleteTaskLedgerCount: vi.fn(),
}));
vi.mock('element-plus', async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, ElMessageBox: { confirm: vi.fn(async () => true) }, ElMessage: Object.assign(vi.fn(), { success: vi.fn(), warning: vi.fn() }) };
});
import { deleteTaskLedgerCount, getTaskLedgerCount, listLedgerTypes, setTaskLedgerCount } from '../../api/ledgers.js';
import { ApiError } from '../../api/client.js';
import TaskLedgerCount from './TaskLedgerCount.vue';

const task = (actions = []) => ({ id: 7, version: 2, owner_unit_id: 29, target_value: 12, actions });
const link = { task_id: 7, ledger_type: 'coal_boilers', count_index: 1, counted: 2.5 };

describe('TaskLedgerCount', () => {
  beforeEach(() => {
    listLedgerTypes.mockResolvedValue({ items: [boilerType, gasType] });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('names the ledger and the count a task is counted from, with the count now and the rows counted', async () => {
    getTaskLedgerCount.mockResolvedValue({ ledger_count: link });
    const { router } = await mountWithApp(TaskLedgerCount, { props: { task: task() } });
    expect($('[data-test="task-ledger-current"]').textContent).toContain('燃煤小锅炉淘汰台账');
    expect($('[data-test="task-ledger-current"]').textContent).toContain('淘汰容量（蒸吨）');
    expect($('[data-test="task-ledger-counted"]').textContent).toBe('当前 2.5');
    expect(router.resolve($('[data-test="task-ledger-rows"]').getAttribute('href')).query).toEqual({ status: 'verified', unit_id: '29' });
    // Not the reader's to change.
    expect($('[data-test="task-ledger-edit"]')).toBeNull();
  });

  it('is not shown to a reader when the task has no ledger count', async () => {
    getTaskLedgerCount.mockResolvedValue({ ledger_count: null });
    await mountWithApp(TaskLedgerCount, { props: { task: task() } });
    expect($('[data-test="task-ledger-count"]')).toBeNull();
  });

  it('lets whoever may edit the task choose a ledger with counts and one of its counts', async () => {
    getTaskLedgerCount.mockResolvedValue({ ledger_count: null });
    setTaskLedgerCount.mockResolvedValue({ ledger_count: { ...link, count_index: 0, counted: 3 } });
    const { wrapper } = await mountWithApp(TaskLedgerCount, { props: { task: task(['edit']) } });
    expect($('[data-test="task-ledger-none"]')).not.toBeNull();
    $('[data-test="task-ledger-edit"]').click();
    await settle(0);
    // Only types that declare counts are offered.
    $('[data-test="task-ledger-type"] .el-select__wrapper').click();
    await settle(0);
    const options = $$('.el-select-dropdown__item').map((o) => o.textContent.trim());
    expect(options).toContain('燃煤小锅炉淘汰台账');
    expect(options).not.toContain('加油站油气回收台账');
    $$('.el-select-dropdown__item').find((o) => o.textContent.includes('燃煤小锅炉')).click();
    await settle(0);
    $('[data-test="task-ledger-save"]').click();
    await settle(0);
    expect(setTaskLedgerCount).toHaveBeenCalledWith(7, 'coal_boilers', 0);
    expect($('[data-test="task-ledger-counted"]').textContent).toBe('当前 3');
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });

  it('shows the server’s refusal at its field, and stops counting on request', async () => {
    getTaskLedgerCount.mockResolvedValue({ ledger_count: link });
    setTaskLedgerCount.mockRejectedValue(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'ledger_type', code: 'quantity_from_children' }] }));
    deleteTaskLedgerCount.mockResolvedValue({ ledger_count: null });
    const { wrapper } = await mountWithApp(TaskLedgerCount, { props: { task: task(['edit']) } });
    $('[data-test="task-ledger-edit"]').click();
    await settle(0);
    $('[data-test="task-ledger-save"]').click();
    await settle();
    expect(setTaskLedgerCount).toHaveBeenCalledWith(7, 'coal_boilers', 1);
    expect($('[data-test="task-ledger-form"] .el-form-item__error')).not.toBeNull();
    $$('.buttons .el-button')[0].click(); // cancel
    await settle(0);
    $('[data-test="task-ledger-remove"]').click();
    await settle(0);
    expect(deleteTaskLedgerCount).toHaveBeenCalledWith(7);
    expect($('[data-test="task-ledger-none"]')).not.toBeNull();
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });
});
