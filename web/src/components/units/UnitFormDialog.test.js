import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';

vi.mock('../../api/units.js', () => ({
  createUnit: vi.fn(),
  updateUnit: vi.fn(),
}));
import { createUnit, updateUnit } from '../../api/units.js';
import { ApiError } from '../../api/client.js';
import UnitFormDialog from './UnitFormDialog.vue';

const township = { id: 5, name: '城关镇', kind: 'township' };

// The dialog is teleported to <body>, so queries go through document.
const errorTexts = () => $$('.el-form-item__error').map((e) => e.textContent.trim());
const save = async () => {
  $('[data-test="unit-save"]').click();
  await settle();
};

describe('UnitFormDialog validation', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('requires a name and a kind before calling the server', async () => {
    await mountWithApp(UnitFormDialog, { props: { modelValue: true, parent: township } });
    await save();
    expect(errorTexts()).toEqual(expect.arrayContaining(['请输入单位名称', '请选择单位类型']));
    expect(createUnit).not.toHaveBeenCalled();
  });

  it('treats a blank name as missing', async () => {
    await mountWithApp(UnitFormDialog, { props: { modelValue: true, parent: township } });
    await typeInto($('input[data-test="unit-name"]'), '   ');
    await save();
    expect(errorTexts()).toContain('请输入单位名称');
  });

  it('rejects a division code that is not 6, 9 or 12 digits', async () => {
    await mountWithApp(UnitFormDialog, { props: { modelValue: true, parent: township } });
    await typeInto($('input[data-test="unit-name"]'), '东关村');
    for (const bad of ['12345', '1101010010', 'abcdef']) {
      await typeInto($('input[data-test="unit-division-code"]'), bad);
      await save();
      expect(errorTexts()).toContain('行政区划代码应为 6、9 或 12 位数字');
    }
    expect(createUnit).not.toHaveBeenCalled();
  });

  it('sends a valid sub-unit with its parent, and leaves out an empty division code', async () => {
    createUnit.mockResolvedValue({ id: 99, name: '东关村', kind: 'village', version: 1 });
    const { wrapper } = await mountWithApp(UnitFormDialog, { props: { modelValue: true, parent: township } });
    await typeInto($('input[data-test="unit-name"]'), ' 东关村 ');
    // Choosing from el-select needs its popper; set the model through the
    // component instead, which is what a click on an option does.
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'village');
    await settle();
    await save();
    expect(errorTexts()).toEqual([]);
    expect(createUnit).toHaveBeenCalledTimes(1);
    const body = createUnit.mock.calls[0][0];
    expect(body).toMatchObject({ name: '东关村', kind: 'village', parent_id: 5 });
    expect(body).not.toHaveProperty('division_code');
    expect(wrapper.emitted('saved')[0][0]).toMatchObject({ id: 99 });
  });

  it('accepts a 12-digit code', async () => {
    createUnit.mockResolvedValue({ id: 100 });
    const { wrapper } = await mountWithApp(UnitFormDialog, { props: { modelValue: true, parent: township } });
    await typeInto($('input[data-test="unit-name"]'), '西关村');
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'village');
    await typeInto($('input[data-test="unit-division-code"]'), '110101001001');
    await save();
    expect(createUnit.mock.calls[0][0].division_code).toBe('110101001001');
  });

  it('offers only the kinds allowed under the parent', async () => {
    const { wrapper } = await mountWithApp(UnitFormDialog, { props: { modelValue: true, parent: township } });
    const options = wrapper.findAllComponents({ name: 'ElOption' }).map((o) => o.props('value'));
    expect(options).toEqual(['village', 'community', 'grid']);
  });

  it('sends the version on edit and reports a 409 conflict to the parent', async () => {
    updateUnit.mockRejectedValue(new ApiError({ status: 409, code: 'stale_version', params: { version: '4' }, title: 'Conflict' }));
    const unit = { id: 7, name: '东关村', kind: 'village', version: 3, division_code: '', contacts: [] };
    const { wrapper } = await mountWithApp(UnitFormDialog, { props: { modelValue: true, unit, parent: township } });
    await typeInto($('input[data-test="unit-name"]'), '东关村（新）');
    await save();
    expect(updateUnit).toHaveBeenCalledWith(7, 3, expect.objectContaining({ name: '东关村（新）' }));
    expect(wrapper.emitted('conflict')).toHaveLength(1);
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('shows a taken name as the server says it, not as a conflict', async () => {
    updateUnit.mockRejectedValue(new ApiError({ status: 409, code: 'unit_name_taken', title: 'Conflict' }));
    const unit = { id: 7, name: '东关村', kind: 'village', version: 3, division_code: '', contacts: [] };
    const { wrapper } = await mountWithApp(UnitFormDialog, { props: { modelValue: true, unit, parent: township } });
    await typeInto($('input[data-test="unit-name"]'), '西关村');
    await save();
    expect(wrapper.emitted('conflict')).toBeUndefined();
    expect($('[data-test="unit-dialog"] .el-alert--error').textContent).toContain('同一上级单位下已有同名单位');
  });
});
