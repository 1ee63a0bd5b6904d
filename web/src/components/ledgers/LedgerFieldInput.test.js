import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { $, $$, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';
import { boilerType } from '../../../tests/fixtures/ledgers.js';
import { fieldOf } from '../../utils/ledgerFields.js';

vi.mock('../../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import LedgerFieldInput from './LedgerFieldInput.vue';

// Each field in an el-form, as the forms use it; `value` holds the v-model.
async function mountField(name, { value = null, error = '', required = null, locale = 'zh-CN' } = {}) {
  const model = ref(value);
  const Host = defineComponent({
    setup() {
      return () =>
        h('form', { class: 'el-form' }, [
          h(LedgerFieldInput, { field: fieldOf(boilerType, name), modelValue: model.value, 'onUpdate:modelValue': (v) => (model.value = v), error, required }),
        ]);
    },
  });
  const mounted = await mountWithApp(Host, { locale });
  return { ...mounted, model };
}

const item = () => $('.ledger-field');
const label = () => $('.ledger-field .el-form-item__label').textContent.trim();

describe('LedgerFieldInput', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('renders a number with its unit, bounds and help, and a required mark', async () => {
    const { model } = await mountField('capacity');
    expect(label()).toBe('额定容量');
    expect(item().classList.contains('is-required')).toBe(true);
    expect($('[data-test="ledger-field-capacity"]').dataset.type).toBe('decimal');
    expect($('[data-test="ledger-field-unit"]').textContent).toBe('t/h');
    expect($('[data-test="ledger-field-help"]').textContent).toBe('蒸吨/小时 · 范围 0～35');
    await typeInto($('[data-test="ledger-field-capacity"] input'), '2.5');
    expect(model.value).toBe(2.5);
  });

  it('labels and helps in English when English is chosen', async () => {
    await mountField('capacity', { locale: 'en' });
    expect(label()).toBe('Rated capacity');
    expect($('[data-test="ledger-field-help"]').textContent).toBe('Steam tonnes per hour · From 0 to 35');
  });

  it('offers a choice by its labels and keeps its code', async () => {
    await mountField('use', { value: 'bathing' });
    expect($('[data-test="ledger-field-use"] .el-select').textContent).toContain('洗浴');
  });

  it('asks yes or no for a boolean', async () => {
    const { model } = await mountField('in_built_up_area');
    const buttons = $$('[data-test="ledger-field-in_built_up_area"] .el-radio-button');
    expect(buttons.map((b) => b.textContent.trim())).toEqual(['是', '否']);
    buttons[1].querySelector('input').click();
    await new Promise((r) => setTimeout(r, 0));
    expect(model.value).toBe(false);
  });

  it('types text, long text, phone and dates with the right controls', async () => {
    const { model } = await mountField('owner_name');
    await typeInto($('[data-test="ledger-field-owner_name"] input'), '浴池');
    expect(model.value).toBe('浴池');
    expect($('[data-test="ledger-field-owner_name"] input').getAttribute('maxlength')).toBe('100');
    document.body.innerHTML = '';
    await mountField('remarks');
    expect($('[data-test="ledger-field-remarks"] textarea')).not.toBeNull();
    document.body.innerHTML = '';
    await mountField('contact_phone');
    expect($('[data-test="ledger-field-contact_phone"] input').getAttribute('inputmode')).toBe('tel');
    document.body.innerHTML = '';
    await mountField('stop_date', { value: '2017-12-20' });
    expect($('[data-test="ledger-field-stop_date"] input').value).toBe('2017-12-20');
  });

  it('shows the server’s error at the field, and required when the caller says so', async () => {
    await mountField('stop_date', { error: '必填', required: true });
    await settle(); // Element Plus shows a form item's error 100 ms after it is set.
    expect(item().classList.contains('is-required')).toBe(true);
    expect($('.ledger-field .el-form-item__error').textContent.trim()).toBe('必填');
  });
});
