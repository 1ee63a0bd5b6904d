import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';
import { campaignTarget } from '../../../tests/fixtures/air.js';

vi.mock('../../api/aq.js', () => ({ createAqTarget: vi.fn(), updateAqTarget: vi.fn() }));
vi.mock('../../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 1, name: '禹王台区人民政府', children: [{ id: 29, name: '南郊乡', children: [] }] }] })) }));
import { ApiError } from '../../api/client.js';
import { createAqTarget, updateAqTarget } from '../../api/aq.js';
import AirTargetDialog from './AirTargetDialog.vue';

async function mountDialog(target = null) {
  const pinia = createPinia();
  setActivePinia(pinia);
  return mountWithApp(AirTargetDialog, { pinia, props: { modelValue: true, target, unitId: 1 } });
}
const input = (f) => $(`input[data-test="air-target-${f}"]`);
const errorAt = (field) => $(`[data-field="${field}"] .el-form-item__error`)?.textContent || '';
const save = async () => {
  $('[data-test="air-target-save"]').click();
  await settle();
};

describe('AirTargetDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('changes a target with the whole target and the version it was read at', async () => {
    updateAqTarget.mockResolvedValue({ ...campaignTarget, target_pm25: 60, version: 2 });
    const { wrapper } = await mountDialog(campaignTarget);
    expect($('.el-dialog__title').textContent).toBe('修改目标：2017—2018年秋冬季攻坚');
    await typeInto(input('target_pm25'), '60');
    await typeInto(input('baseline_heavy_days'), '');
    await save();
    expect(updateAqTarget).toHaveBeenCalledWith(1, 1, {
      name: '2017—2018年秋冬季攻坚',
      unit_id: 1,
      period_from: '2017-10-01',
      period_to: '2018-03-31',
      baseline_pm25: 98,
      target_pm25: 60,
      baseline_heavy_days: null,
      target_heavy_days: 22,
    });
    expect(wrapper.emitted('saved')[0][0].version).toBe(2);
  });

  it('sets a new target for the page’s area; the server’s complaints show at their fields', async () => {
    createAqTarget.mockRejectedValueOnce(
      new ApiError({
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'period_to', code: 'before_start', params: {} },
          { field: 'target_heavy_days', code: 'out_of_range', params: { min: 0, max: 400 } },
        ],
      }),
    );
    const { wrapper } = await mountDialog();
    expect($('.el-dialog__title').textContent).toBe('设定空气质量目标');
    await typeInto(input('name'), '2018年度');
    await typeInto(input('target_heavy_days'), '-3');
    await save();
    expect(createAqTarget).toHaveBeenCalledWith(expect.objectContaining({ name: '2018年度', unit_id: 1, target_heavy_days: -3, target_pm25: null }));
    expect(errorAt('period')).not.toBe('');
    expect(errorAt('target_heavy_days')).toContain('400');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('a stale version asks the page to reload the targets', async () => {
    updateAqTarget.mockRejectedValue(new ApiError({ status: 409, code: 'stale_version' }));
    const { wrapper } = await mountDialog(campaignTarget);
    await save();
    expect(wrapper.emitted('conflict')).toHaveLength(1);
    expect(wrapper.emitted('saved')).toBeUndefined();
  });
});
