import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle, typeInto } from '../../../tests/helpers.js';
import { boilerRow, boilerType, boilerWorkflow, photoFile } from '../../../tests/fixtures/ledgers.js';

vi.mock('../../api/ledgers.js', () => ({ runLedgerAction: vi.fn(), uploadLedgerFile: vi.fn() }));
vi.mock('../../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { runLedgerAction, uploadLedgerFile } from '../../api/ledgers.js';
import { ApiError } from '../../api/client.js';
import LedgerActionDialog from './LedgerActionDialog.vue';

const action = (name) => boilerWorkflow.actions.find((a) => a.name === name);
const mountDialog = (name, row = boilerRow) => mountWithApp(LedgerActionDialog, { props: { modelValue: true, type: boilerType, row, action: action(name) } });
const save = async () => {
  $('[data-test="ledger-action-save"]').click();
  await settle();
};
const note = () => $('textarea[data-test="ledger-action-note"]');
const pick = async (name) => {
  const input = $('input[data-test="ledger-action-evidence-camera"]');
  Object.defineProperty(input, 'files', { value: [new File(['x'], name, { type: 'image/png' })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle(0);
};

describe('LedgerActionDialog', () => {
  beforeEach(() => {
    sessionStorage.clear();
    uploadLedgerFile.mockImplementation(async (_id, f) => photoFile(70, { filename: f.name }));
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('asks for what the action names: its fields (an empty date is the server’s today), a photo, a note', async () => {
    await mountDialog('stop');
    await settle(0);
    expect($('.el-dialog__title').textContent).toBe('停用');
    expect($$('.ledger-field').map((f) => f.dataset.field)).toEqual(['stop_date']);
    expect($('[data-test="ledger-action-field-stop_date"] input').value).toBe('2017-12-20');
    expect($('input[data-test="ledger-action-evidence-camera"]').getAttribute('capture')).toBe('environment');
    expect($('input[data-test="ledger-action-evidence-camera"]').getAttribute('accept')).toBe('image/*');
    expect($('[data-test="ledger-action-save"]').textContent.trim()).toBe('停用');
  });

  it('sends the fields, the uploaded files and the note with the row’s version, then forgets the draft', async () => {
    const moved = { ...boilerRow, status: 'stopped', version: 4 };
    runLedgerAction.mockResolvedValue(moved);
    const { wrapper } = await mountDialog('stop');
    await pick('封存.png');
    expect(uploadLedgerFile).toHaveBeenCalledWith(41, expect.any(File), expect.any(Function));
    await typeInto(note(), '  已断电  ');
    expect(sessionStorage.getItem('lantian.draft.ledger-action.41.stop')).not.toBeNull();
    await save();
    expect(runLedgerAction).toHaveBeenCalledWith(41, 'stop', { version: 3, note: '已断电', fields: { stop_date: '2017-12-20' }, files: [70] });
    expect(wrapper.emitted('saved')).toEqual([[moved]]);
    expect(sessionStorage.getItem('lantian.draft.ledger-action.41.stop')).toBeNull();
  });

  it('shows the server’s errors at the fields they name', async () => {
    runLedgerAction.mockRejectedValue(
      new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'fields.stop_date', code: 'required' }, { field: 'evidence', code: 'required' }] }),
    );
    await mountDialog('stop');
    await save();
    expect($('.ledger-field[data-field="stop_date"] .el-form-item__error').textContent.trim()).toBe('必填');
    expect($$('.el-form-item__error').map((e) => e.textContent.trim())).toHaveLength(2);
  });

  it('keeps what was typed and uploaded when the move fails, and brings it back on the next opening', async () => {
    runLedgerAction.mockRejectedValue(new ApiError({ status: 0, title: 'network' }));
    const first = await mountDialog('return', { ...boilerRow, status: 'removed', actions: ['return'] });
    expect($('.el-form-item.is-required textarea')).not.toBeNull(); // the note is required
    await typeInto(note(), '烟囱未拆除');
    await save();
    expect($('[data-test="ledger-action-dialog"] .el-alert--error').textContent).toContain('无法连接服务器');
    expect(note().value).toBe('烟囱未拆除');
    first.wrapper.unmount();
    document.body.innerHTML = '';

    // The page reloaded: a new dialog for the same row and action.
    await mountDialog('return', { ...boilerRow, status: 'removed', actions: ['return'] });
    await settle(0);
    expect($('[data-test="ledger-action-restored"]')).not.toBeNull();
    expect(note().value).toBe('烟囱未拆除');
    $('[data-test="ledger-action-discard"]').click();
    await settle(0);
    expect(note().value).toBe('');
    expect(sessionStorage.getItem('lantian.draft.ledger-action.41.return')).toBeNull();
  });

  it('restores the files uploaded before, and waits for uploads under way', async () => {
    let release;
    uploadLedgerFile.mockImplementation(() => new Promise((resolve) => (release = resolve)));
    const first = await mountDialog('report_removed');
    await pick('拆除后.png');
    expect($('[data-test="ledger-action-save"]').disabled).toBe(true);
    release(photoFile(71, { filename: '拆除后.png' }));
    await settle(0);
    expect($('[data-test="ledger-action-save"]').disabled).toBe(false);
    first.wrapper.unmount();
    document.body.innerHTML = '';

    runLedgerAction.mockResolvedValue({ ...boilerRow, status: 'removed' });
    await mountDialog('report_removed');
    await settle(0);
    expect($$('[data-test="ledger-action-evidence-item"]').map((i) => i.dataset.status)).toEqual(['done']);
    await save();
    expect(runLedgerAction.mock.calls[0][2].files).toEqual([71]);
  });
});
