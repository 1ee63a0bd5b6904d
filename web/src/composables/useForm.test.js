import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mountWithApp } from '../../tests/helpers.js';
import { ApiError } from '../api/client.js';
import { isStaleVersion, useForm } from './useForm.js';

vi.mock('element-plus', async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, ElMessage: Object.assign(vi.fn(), { warning: vi.fn(), success: vi.fn() }) };
});
import { ElMessage } from 'element-plus';

// Mounts a component that only holds a useForm(options) and hands it back.
async function withForm(options) {
  let form;
  const Host = defineComponent({
    setup() {
      form = useForm(options);
      return () => h('div');
    },
  });
  await mountWithApp(Host, { attach: false });
  return form;
}

const invalid = (errors) => new ApiError({ status: 422, title: 'invalid', code: 'validation_failed', errors });

describe('useForm', () => {
  afterEach(() => vi.clearAllMocks());

  it('is saving while the action runs, and resolves with its value', async () => {
    const form = await withForm({ initial: () => ({ name: 'a' }) });
    let release;
    const pending = form.submit(() => new Promise((resolve) => (release = resolve)));
    await Promise.resolve();
    expect(form.saving.value).toBe(true);
    release({ id: 3 });
    expect(await pending).toEqual({ value: { id: 3 } });
    expect(form.saving.value).toBe(false);
  });

  it('hands the action the model and resets it from initial', async () => {
    let n = 0;
    const form = await withForm({ initial: () => ({ name: `v${++n}` }) });
    expect(form.model.name).toBe('v1');
    form.model.name = 'typed';
    const fn = vi.fn(async (m) => m.name);
    expect((await form.submit(fn)).value).toBe('typed');
    form.reset();
    expect(form.model.name).toBe('v2');
  });

  it('puts 422 field errors on their fields, translated by code, and the rest among the others', async () => {
    const form = await withForm({ initial: () => ({ name: '', phone: '' }), fields: ['name', 'phone'] });
    const result = await form.submit(() =>
      Promise.reject(
        invalid([
          { field: 'name', code: 'required', message: 'is required' },
          { field: 'name', code: 'too_long', message: 'second one' },
          { field: 'phone', code: 'bad_phone', message: 'bad phone' },
          { field: 'roles[0]', code: 'unknown_code_xyz', message: 'no such role' },
        ]),
      ),
    );
    expect(result).toBeNull();
    expect(form.fieldErrors.name).toBe('必填');
    expect(form.fieldErrors.phone).not.toBe('bad phone');
    expect(form.fieldErrors.phone).toMatch(/电话/);
    expect(form.otherErrors.value).toEqual(['no such role']);
    expect(form.error.value).toBe('');
    expect(form.saving.value).toBe(false);
  });

  it('maps API field names to form keys through a function', async () => {
    const form = await withForm({ fields: (f) => ({ current_password: 'current' })[f] || null });
    await form.submit(() => Promise.reject(invalid([{ field: 'current_password', code: 'wrong_password', message: 'x' }])));
    expect(Object.keys(form.fieldErrors)).toEqual(['current']);
  });

  it('shows the problem itself when a 422 names no field', async () => {
    const form = await withForm({});
    await form.submit(() => Promise.reject(new ApiError({ status: 422, code: 'campaign_closed', title: 'x' })));
    expect(form.error.value).toBe('该攻坚行动已结束');
  });

  it('treats a 409 stale_version as a conflict: toast, flag, reload hook, no field error', async () => {
    const onConflict = vi.fn();
    const form = await withForm({ onConflict });
    const stale = new ApiError({ status: 409, code: 'stale_version', params: { version: '4' }, title: 'Conflict' });
    expect(isStaleVersion(stale)).toBe(true);
    await form.submit(() => Promise.reject(stale));
    expect(form.conflict.value).toBe(true);
    expect(onConflict).toHaveBeenCalledTimes(1);
    expect(ElMessage.warning).toHaveBeenCalledWith('该记录已被他人修改，已重新加载最新内容，请核对后再操作');
    expect(form.error.value).toBe('');
    // The next attempt starts clean.
    await form.submit(async () => 1);
    expect(form.conflict.value).toBe(false);
  });

  it('tells other 409 codes apart: one on its field, the rest at the top', async () => {
    const onConflict = vi.fn();
    const form = await withForm({ onConflict, conflicts: { username_taken: 'username' } });
    await form.submit(() => Promise.reject(new ApiError({ status: 409, code: 'username_taken', title: 'Conflict' })));
    expect(form.fieldErrors.username).toBe('用户名已被占用');
    await form.submit(() => Promise.reject(new ApiError({ status: 409, code: 'unit_name_taken', title: 'Conflict' })));
    expect(form.fieldErrors.username).toBeUndefined();
    expect(form.error.value).toBe('同一上级单位下已有同名单位');
    expect(form.conflict.value).toBe(false);
    expect(onConflict).not.toHaveBeenCalled();
    expect(ElMessage.warning).not.toHaveBeenCalled();
  });

  it('runs a conflict hook before showing its message at the top', async () => {
    const hook = vi.fn();
    const form = await withForm({ conflicts: { request_open: hook } });
    const err = new ApiError({ status: 409, code: 'request_open', params: { due_date: '2026-03-05' }, title: 'x' });
    await form.submit(() => Promise.reject(err));
    expect(hook).toHaveBeenCalledWith(err);
    expect(form.error.value).toContain('2026-03-05');
  });

  it('does not call the action when a check fails, and shows its messages', async () => {
    const fn = vi.fn();
    const form = await withForm({ initial: () => ({ title: '' }), check: (m) => (m.title ? null : { title: '请输入' }) });
    expect(await form.submit(fn)).toBeNull();
    expect(fn).not.toHaveBeenCalled();
    expect(form.fieldErrors.title).toBe('请输入');
    form.model.title = 'x';
    await form.submit(fn);
    expect(fn).toHaveBeenCalled();
    expect(form.fieldErrors.title).toBeUndefined();
  });

  it('shows a check that answers with a sentence at the top', async () => {
    const fn = vi.fn();
    const form = await withForm({ check: () => 'remove the bad files' });
    expect(await form.submit(fn)).toBeNull();
    expect(fn).not.toHaveBeenCalled();
    expect(form.error.value).toBe('remove the bad files');
  });

  it('stops on the el-form rules when a form is bound', async () => {
    const fn = vi.fn();
    const form = await withForm({});
    form.formRef.value = { validate: () => Promise.reject(new Error('invalid')), clearValidate: vi.fn() };
    expect(await form.submit(fn)).toBeNull();
    expect(fn).not.toHaveBeenCalled();
    form.reset();
    expect(form.formRef.value.clearValidate).toHaveBeenCalled();
  });

  it('says nothing on a 401 (the app redirects) and uses a message of its own when given', async () => {
    const form = await withForm({ message: (err) => (err.code === 'csrf' ? 'csrf lost' : undefined) });
    await form.submit(() => Promise.reject(new ApiError({ status: 401, title: 'x' })));
    expect(form.error.value).toBe('');
    await form.submit(() => Promise.reject(new ApiError({ status: 403, code: 'csrf', title: 'x' })));
    expect(form.error.value).toBe('csrf lost');
    await form.submit(() => Promise.reject(new ApiError({ status: 0, title: 'network' })));
    expect(form.error.value).toBe('无法连接服务器，请检查网络后重试');
  });
});
