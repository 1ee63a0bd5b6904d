import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { $, $$, flushPromises, mountWithApp, settle } from '../../../tests/helpers.js';
import { ApiError } from '../../api/client.js';
import { useForm } from '../../composables/useForm.js';
import FormDialog from './FormDialog.vue';

// A dialog as the screens write one: a useForm, an action, a field.
function makeDialog(action) {
  let n = 0;
  return defineComponent({
    props: { modelValue: Boolean, record: { type: Object, default: null }, stayOpen: Boolean },
    emits: ['update:modelValue', 'saved', 'reset'],
    setup(props, { emit }) {
      const form = useForm({ initial: () => ({ name: props.record?.name || `fresh ${++n}` }) });
      return () =>
        h(
          FormDialog,
          {
            modelValue: props.modelValue,
            'onUpdate:modelValue': (v) => emit('update:modelValue', v),
            onSaved: (v) => emit('saved', v),
            onReset: () => emit('reset'),
            title: 'Title',
            form,
            action: () => action(form.model),
            record: props.record,
            stayOpen: props.stayOpen,
            testId: 'thing',
            'data-test': 'thing-dialog',
          },
          { default: () => h('input', { 'data-test': 'thing-name', value: form.model.name }) },
        );
    },
  });
}

const saveButton = () => $('[data-test="thing-save"]');
const nameValue = () => $('[data-test="thing-name"]')?.value;

describe('FormDialog', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('emits saved with the result and closes; the button spins meanwhile', async () => {
    let release;
    const action = vi.fn(() => new Promise((resolve) => (release = resolve)));
    const { wrapper } = await mountWithApp(makeDialog(action), { props: { modelValue: true } });
    saveButton().click();
    await flushPromises();
    expect(saveButton().classList.contains('is-loading')).toBe(true);
    release({ id: 9 });
    await flushPromises();
    expect(wrapper.emitted('saved')).toEqual([[{ id: 9 }]]);
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);
  });

  it('closes without saved when nothing was sent, and stays open when asked to', async () => {
    const { wrapper } = await mountWithApp(makeDialog(async () => undefined), { props: { modelValue: true } });
    saveButton().click();
    await flushPromises();
    expect(wrapper.emitted('saved')).toBeUndefined();
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);

    document.body.innerHTML = '';
    const other = await mountWithApp(makeDialog(async () => ({ id: 1 })), { props: { modelValue: true, stayOpen: true } });
    saveButton().click();
    await flushPromises();
    expect(other.wrapper.emitted('saved')).toHaveLength(1);
    expect(other.wrapper.emitted('update:modelValue')).toBeUndefined();
  });

  it('shows the top error and the other errors, stays open, and clears them on reopening', async () => {
    const action = vi.fn(async () => {
      throw new ApiError({ status: 422, code: 'validation_failed', errors: [{ code: 'required' }] });
    });
    const { wrapper } = await mountWithApp(makeDialog(action), { props: { modelValue: true } });
    saveButton().click();
    await settle();
    expect($('[data-test="thing-other-errors"]').textContent).toContain('必填');
    expect(wrapper.emitted('saved')).toBeUndefined();
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();

    action.mockRejectedValueOnce(new ApiError({ status: 500, code: 'internal', title: 'boom' }));
    saveButton().click();
    await settle();
    expect($('[data-test="thing-other-errors"]')).toBeNull();
    expect($$('[data-test="thing-dialog"] .el-alert--error')).toHaveLength(1);

    await wrapper.setProps({ modelValue: false });
    await wrapper.setProps({ modelValue: true });
    await settle();
    expect($$('[data-test="thing-dialog"] .el-alert--error')).toHaveLength(0);
  });

  it('resets the form on open and when the record changes while open', async () => {
    const { wrapper } = await mountWithApp(makeDialog(async () => ({})), { props: { modelValue: true } });
    expect(nameValue()).toBe('fresh 2');
    expect(wrapper.emitted('reset')).toHaveLength(1);
    await wrapper.setProps({ modelValue: false });
    await wrapper.setProps({ modelValue: true });
    await flushPromises();
    expect(nameValue()).toBe('fresh 3');
    await wrapper.setProps({ record: { name: 'reloaded' } });
    await flushPromises();
    expect(nameValue()).toBe('reloaded');
    expect(wrapper.emitted('reset')).toHaveLength(3);
  });
});
