import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, flushPromises, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';

vi.mock('../../api/tasks.js', () => ({ decomposeTask: vi.fn() }));
vi.mock('../../api/calendar.js', () => ({ workingDaysFrom: vi.fn() }));
vi.mock('../../api/units.js', () => ({ fetchUnitTree: vi.fn() }));
vi.mock('../../api/users.js', () => ({ listUsers: vi.fn() }));
import { decomposeTask } from '../../api/tasks.js';
import { fetchUnitTree } from '../../api/units.js';
import { listUsers } from '../../api/users.js';
import { ApiError } from '../../api/client.js';
import { useAuthStore } from '../../stores/auth.js';
import UnitPicker from '../common/UnitPicker.vue';
import DecomposeDialog from './DecomposeDialog.vue';

const task = {
  id: 5,
  title: '清洁取暖“双替代”',
  owner_unit_id: 3,
  owner_unit_name: '南郊乡',
  deadline: '2017-12-31',
  target_value: 100,
  measure_unit: '户',
};

async function mountDialog(props = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const auth = useAuthStore();
  auth.user = { id: 2, username: 'leader', unit_id: 3 };
  auth.permissions = ['tasks.read', 'tasks.write', 'tasks.report'];
  auth.loaded = true;
  return mountWithApp(DecomposeDialog, { pinia, props: { modelValue: true, task, allocated: 20, ...props } });
}

const remaining = () => $('[data-test="decompose-remaining"]').textContent.replace(/\s+/g, ' ').trim();
const targetInput = (i) => $(`[data-test="decompose-target-${i}"] input`);
const saveButton = () => $('[data-test="decompose-save"]');

async function pickOwner(wrapper, row, unitId) {
  const pickers = wrapper.findAllComponents(UnitPicker);
  pickers[row].vm.$emit('update:modelValue', unitId);
  await flushPromises();
}

describe('DecomposeDialog', () => {
  beforeEach(() => {
    fetchUnitTree.mockResolvedValue({
      items: [{ id: 3, name: '南郊乡', kind: 'township', children: [{ id: 31, name: '南郊村', kind: 'village', children: [] }, { id: 32, name: '范村', kind: 'village', children: [] }] }],
    });
    listUsers.mockResolvedValue({ items: [] });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows what is left of the target as rows are filled in', async () => {
    const { wrapper } = await mountDialog();
    // 100 − 20 already allocated to existing subtasks.
    expect(remaining()).toContain('待分配：80 户');
    expect(remaining()).toContain('须全部分配');
    expect(saveButton().disabled).toBe(true);

    await typeInto(targetInput(0), '50');
    expect(remaining()).toContain('待分配：30 户');

    $('[data-test="decompose-add"]').click();
    await flushPromises();
    await typeInto(targetInput(1), '40');
    expect(remaining()).toContain('待分配：-10 户');
    expect(remaining()).toContain('超出目标值');

    await typeInto(targetInput(1), '30');
    expect(remaining()).toContain('待分配：0 户');
    expect(remaining()).not.toContain('须全部分配');
    expect(saveButton().disabled).toBe(false);
    expect(wrapper.findAllComponents(UnitPicker)).toHaveLength(2);
  });

  it('checks each row before sending', async () => {
    await mountDialog({ allocated: 0, task: { ...task, target_value: null, measure_unit: '' } });
    expect($('[data-test="decompose-remaining"]')).toBeNull();
    saveButton().click();
    await settle();
    expect(decomposeTask).not.toHaveBeenCalled();
    expect($('[data-test="decompose-row-0"]').textContent).toContain('请选择责任单位');
  });

  it('sends the rows and maps the server field errors back to them', async () => {
    decomposeTask.mockRejectedValue(
      new ApiError({
        status: 422,
        title: 'invalid',
        errors: [
          { field: 'subtasks[1].target_value', message: 'must not be negative' },
          { field: 'subtasks[1].owner_unit_id', message: "must be the parent task's owner unit or one of its sub-units" },
          { field: 'subtasks', message: "children's targets add up to 110 户 but the parent's target is 100 户" },
        ],
      }),
    );
    const { wrapper } = await mountDialog();
    $('[data-test="decompose-add"]').click();
    await flushPromises();
    await pickOwner(wrapper, 0, 31);
    await pickOwner(wrapper, 1, 32);
    await typeInto(targetInput(0), '50');
    await typeInto(targetInput(1), '30');
    saveButton().click();
    await settle();

    expect(decomposeTask).toHaveBeenCalledWith(5, [
      { title: '清洁取暖“双替代”', owner_unit_id: 31, deadline: '2017-12-31', target_value: 50, measure_unit: '户' },
      { title: '清洁取暖“双替代”', owner_unit_id: 32, deadline: '2017-12-31', target_value: 30, measure_unit: '户' },
    ]);
    const row1 = $('[data-test="decompose-row-1"]').textContent;
    expect(row1).toContain('must not be negative');
    expect(row1).toContain("must be the parent task's owner unit");
    expect($('[data-test="decompose-row-0"]').querySelector('.el-form-item__error')).toBeNull();
    expect($('[data-test="decompose-other-errors"]').textContent).toContain("children's targets add up to 110 户");
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('closes and reports the new subtasks on success', async () => {
    decomposeTask.mockResolvedValue({ items: [{ id: 51 }] });
    const { wrapper } = await mountDialog({ allocated: 0 });
    await pickOwner(wrapper, 0, 31);
    await typeInto(targetInput(0), '100');
    saveButton().click();
    await settle();
    expect(wrapper.emitted('saved')[0][0]).toEqual([{ id: 51 }]);
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([false]);
  });
});
