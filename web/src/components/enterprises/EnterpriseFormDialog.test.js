import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';
import { enterpriseStatuses, jinming } from '../../../tests/fixtures/enterprises.js';

vi.mock('../../api/enterprises.js', () => ({ createEnterprise: vi.fn(), updateEnterprise: vi.fn() }));
vi.mock('../../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 29, name: '南郊乡', children: [{ id: 31, name: '南郊村', children: [] }] }] })) }));
import { ApiError } from '../../api/client.js';
import { createEnterprise, updateEnterprise } from '../../api/enterprises.js';
import { useAuthStore } from '../../stores/auth.js';
import EnterpriseFormDialog from './EnterpriseFormDialog.vue';

async function mountDialog(enterprise = null) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore().user = { id: 4, unit_id: 29 };
  return mountWithApp(EnterpriseFormDialog, { pinia, props: { modelValue: true, enterprise, statuses: enterpriseStatuses } });
}
const input = (name) => $(`input[data-test="enterprise-${name}"]`);
const errorAt = (field) => $(`[data-field="${field}"] .el-form-item__error`)?.textContent || '';
const save = async () => {
  $('[data-test="enterprise-save"]').click();
  await settle();
};

describe('EnterpriseFormDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('registers with what was typed, the location in its datum, in the reader’s unit', async () => {
    createEnterprise.mockResolvedValue({ ...jinming, id: 9, alerts: [] });
    const { wrapper } = await mountDialog();
    expect($('.el-dialog__title').textContent).toBe('登记企业');
    await typeInto(input('name'), '开封市禹王台区立新机械加工厂');
    await typeInto(input('credit-code'), '91410205MA40TEXT1X');
    await typeInto(input('legal-rep'), '赵立新');
    await typeInto(input('industry-code'), 'C3425');
    await typeInto($('[data-test="ledger-lng"] input'), '114.37');
    await typeInto($('[data-test="ledger-lat"] input'), '34.76');
    await save();
    expect(createEnterprise).toHaveBeenCalledWith({
      name: '开封市禹王台区立新机械加工厂',
      credit_code: '91410205MA40TEXT1X',
      legal_rep: '赵立新',
      industry_code: 'C3425',
      unit_id: 29,
      status: 'operating',
      location: { lng: 114.37, lat: 34.76, datum: 'wgs84' },
    });
    expect(wrapper.emitted('saved')[0][0].id).toBe(9);
  });

  it('shows the server’s complaints at their fields: the check character, a taken code, the industry code', async () => {
    createEnterprise.mockRejectedValueOnce(
      new ApiError({
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'credit_code', code: 'credit_code_check', params: { expected: '5' } },
          { field: 'industry_code', code: 'industry_code_section', params: { division: '29', section: 'C' } },
          { field: 'location.datum', code: 'one_of', params: { values: 'wgs84, gcj02, bd09' } },
        ],
      }),
    );
    const { wrapper } = await mountDialog();
    await typeInto(input('name'), '甲厂');
    await typeInto(input('credit-code'), '92410205MA40G8W3X0');
    await save();
    expect(errorAt('credit_code')).toBe('校验码（最后一位）不符：按前 17 位应为 5');
    expect(errorAt('industry_code')).toContain('行业大类 29 属于门类 C');
    expect($('.location-input .el-form-item__error')).not.toBeNull();
    expect(wrapper.emitted('saved')).toBeUndefined();

    createEnterprise.mockRejectedValueOnce(new ApiError({ status: 409, code: 'credit_code_taken' }));
    await save();
    expect(errorAt('credit_code')).toBe('已有企业登记了该统一社会信用代码');
  });

  it('edits only what changed, with the version it was loaded at; nothing changed sends nothing', async () => {
    updateEnterprise.mockResolvedValue({ ...jinming, version: 3, alerts: [] });
    const { wrapper } = await mountDialog(jinming);
    expect($('.el-dialog__title').textContent).toBe('编辑：开封市禹王台区金明机械配件厂');
    expect(input('credit-code').value).toBe('92410205MA40G8W3X5');
    await save();
    expect(updateEnterprise).not.toHaveBeenCalled();
    expect(wrapper.emitted('update:modelValue')[0]).toEqual([false]);

    await wrapper.setProps({ modelValue: false });
    await wrapper.setProps({ modelValue: true });
    await settle(0);
    await typeInto(input('grid'), '');
    await typeInto(input('phone'), '0371-22581234');
    await save();
    expect(updateEnterprise).toHaveBeenCalledWith(1, 2, { phone: '0371-22581234', grid: null });
  });

  it('a stale version asks the page to reload the enterprise', async () => {
    updateEnterprise.mockRejectedValue(new ApiError({ status: 409, code: 'stale_version' }));
    const { wrapper } = await mountDialog(jinming);
    await typeInto(input('legal-rep'), '王金亮');
    await save();
    expect(wrapper.emitted('conflict')).toHaveLength(1);
  });
});
