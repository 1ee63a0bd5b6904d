import { afterEach, describe, expect, it } from 'vitest';
import { nextTick, reactive, ref } from 'vue';
import { clearDraft, readDraft, useDraft, writeDraft } from './useDraft.js';

describe('drafts in the tab’s sessionStorage', () => {
  afterEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it('reads back what was written, and nothing once cleared or unreadable', () => {
    expect(readDraft('a')).toBeNull();
    writeDraft('a', { note: '已断电', fields: { stop_date: '2017-12-20' } });
    expect(readDraft('a')).toEqual({ note: '已断电', fields: { stop_date: '2017-12-20' } });
    clearDraft('a');
    expect(readDraft('a')).toBeNull();
    sessionStorage.setItem('lantian.draft.b', '{broken');
    expect(readDraft('b')).toBeNull();
  });

  it('keeps the form as typed while active, and removes the draft when it is back to untouched', async () => {
    const model = reactive({ note: '', fields: { stop_date: '2017-12-20' } });
    const open = ref(true);
    const pristine = () => ({ note: '', fields: { stop_date: '2017-12-20' } });
    const stop = useDraft(() => 'ledger-action.41.stop', () => ({ note: model.note, fields: model.fields }), { active: () => open.value, pristine });
    model.note = '炉门贴封条';
    await nextTick();
    expect(readDraft('ledger-action.41.stop')).toEqual({ note: '炉门贴封条', fields: { stop_date: '2017-12-20' } });
    model.fields.stop_date = '2017-12-19';
    await nextTick();
    expect(readDraft('ledger-action.41.stop').fields.stop_date).toBe('2017-12-19');
    model.note = '';
    model.fields.stop_date = '2017-12-20';
    await nextTick();
    expect(readDraft('ledger-action.41.stop')).toBeNull();
    open.value = false;
    model.note = 'typed while closed';
    await nextTick();
    expect(readDraft('ledger-action.41.stop')).toBeNull();
    stop();
  });

  it('keeps a draft in localStorage when asked to, apart from the tab’s', async () => {
    writeDraft('c', { client_key: 'k1' }, { local: true });
    expect(localStorage.getItem('lantian.draft.c')).toBe('{"client_key":"k1"}');
    expect(readDraft('c')).toBeNull();
    expect(readDraft('c', { local: true })).toEqual({ client_key: 'k1' });
    const model = reactive({ note: '' });
    useDraft(() => 'd', () => ({ note: model.note }), { pristine: () => ({ note: '' }), local: true });
    model.note = '围挡缺失';
    await nextTick();
    expect(readDraft('d', { local: true })).toEqual({ note: '围挡缺失' });
    expect(sessionStorage.getItem('lantian.draft.d')).toBeNull();
    model.note = '';
    await nextTick();
    expect(readDraft('d', { local: true })).toBeNull();
    clearDraft('c', { local: true });
    expect(localStorage.getItem('lantian.draft.c')).toBeNull();
  });
});
