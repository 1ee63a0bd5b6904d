import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';
import { boilerRow, boilerType } from '../../../tests/fixtures/ledgers.js';

vi.mock('../../api/ledgers.js', () => ({ createLedgerRow: vi.fn(), updateLedgerRow: vi.fn() }));
vi.mock('../../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [{ id: 29, name: '南郊乡', children: [] }] })) }));
vi.mock('../../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { createLedgerRow, updateLedgerRow } from '../../api/ledgers.js';
import { ApiError } from '../../api/client.js';
import { useAuthStore } from '../../stores/auth.js';
import LedgerRowDialog from './LedgerRowDialog.vue';
import { createPinia, setActivePinia } from 'pinia';

async function mountDialog(row = null) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore().user = { id: 4, unit_id: 29 };
  return mountWithApp(LedgerRowDialog, { pinia, props: { modelValue: true, type: boilerType, row } });
}
const input = (name) => $(`[data-test="ledger-field-${name}"] input`);
const save = async () => {
  $('[data-test="ledger-row-save"]').click();
  await settle();
};

describe('LedgerRowDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('lists every field of the type, then the location, for the reader’s own unit', async () => {
    await mountDialog();
    expect($('.el-dialog__title').textContent).toBe('登记：燃煤小锅炉淘汰台账');
    expect($$('.ledger-field').map((f) => f.dataset.field)).toEqual(boilerType.fields.map((f) => f.name));
    expect($('[data-test="ledger-location"]')).not.toBeNull();
  });

  it('registers with the typed values and the location in its datum, and shows the server’s errors at their fields', async () => {
    createLedgerRow.mockRejectedValueOnce(
      new ApiError({
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'fields.capacity', code: 'out_of_range', params: { min: '0', max: '35' } },
          { field: 'location.datum', code: 'one_of', params: { values: 'wgs84, gcj02, bd09' } },
          { field: 'enterprise_id', code: 'invalid' },
        ],
      }),
    );
    const { wrapper } = await mountDialog();
    await typeInto(input('owner_name'), '南郊乡康乐浴池');
    await typeInto(input('capacity'), '2');
    await typeInto($('[data-test="ledger-lng"] input'), '114.37');
    await typeInto($('[data-test="ledger-lat"] input'), '34.76');
    await save();
    expect(createLedgerRow).toHaveBeenCalledWith('coal_boilers', {
      unit_id: 29,
      fields: { owner_name: '南郊乡康乐浴池', capacity: 2 },
      location: { lng: 114.37, lat: 34.76, datum: 'wgs84' },
    });
    expect($('.ledger-field[data-field="capacity"] .el-form-item__error').textContent).toContain('35');
    expect($('.location-input .el-form-item__error')).not.toBeNull();
    expect($('[data-test="ledger-row-other-errors"]')).not.toBeNull();
    expect(wrapper.emitted('saved')).toBeUndefined();

    createLedgerRow.mockResolvedValueOnce({ ...boilerRow, id: 42 });
    await save();
    expect(wrapper.emitted('saved')[0][0].id).toBe(42);
  });

  it('edits only what changed, with the version it was loaded at; nothing changed sends nothing', async () => {
    updateLedgerRow.mockResolvedValue({ ...boilerRow, version: 4 });
    const { wrapper } = await mountDialog(boilerRow);
    expect($('.el-dialog__title').textContent).toBe('编辑：南郊乡康乐浴池');
    expect(input('capacity').value).toBe('2');
    await save();
    expect(updateLedgerRow).not.toHaveBeenCalled();
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);

    await wrapper.setProps({ modelValue: false });
    await wrapper.setProps({ modelValue: true });
    await settle(0);
    await typeInto(input('capacity'), '2.5');
    await typeInto($('[data-test="ledger-lng"] input'), '');
    await typeInto($('[data-test="ledger-lat"] input'), '');
    await save();
    expect(updateLedgerRow).toHaveBeenCalledWith(41, 3, { fields: { capacity: 2.5 }, location: null });
  });

  it('reloads the row on a stale version', async () => {
    updateLedgerRow.mockRejectedValue(new ApiError({ status: 409, code: 'stale_version', title: 'Conflict' }));
    const { wrapper } = await mountDialog(boilerRow);
    await typeInto(input('owner_name'), '改名');
    await save();
    expect(wrapper.emitted('conflict')).toHaveLength(1);
  });
});
