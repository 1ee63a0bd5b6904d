import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { boilerType } from '../../tests/fixtures/ledgers.js';
import { sixChecklist, siteRow } from '../../tests/fixtures/inspections.js';

vi.mock('../api/inspections.js', () => ({ listChecklists: vi.fn(), createInspection: vi.fn(), uploadInspectionFile: vi.fn() }));
vi.mock('../api/ledgers.js', () => ({ getLedgerRow: vi.fn(), listLedgerTypes: vi.fn() }));
vi.mock('../api/enterprises.js', () => ({ getEnterprise: vi.fn() }));
import { ApiError } from '../api/client.js';
import { createInspection, listChecklists, uploadInspectionFile } from '../api/inspections.js';
import { getLedgerRow, listLedgerTypes } from '../api/ledgers.js';
import { getEnterprise } from '../api/enterprises.js';
import { enterpriseFile } from '../../tests/fixtures/enterprises.js';
import { useAuthStore } from '../stores/auth.js';
import InspectionFormView from './InspectionFormView.vue';

const DRAFT = 'lantian.draft.inspection.6.52';
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgo=';
const HERE = { coords: { longitude: 114.36551234, latitude: 34.76121234, accuracy: 12 } };

async function mountForm(path = '/ledger-rows/52/inspect') {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 6, name: '督导组检查员', unit_id: 3 }, permissions: ['ledgers.read', 'inspections.write'], loaded: true });
  const mounted = await mountWithApp(InspectionFormView, { path, pinia });
  await settle(0);
  return mounted;
}
const choose = async (code, result) => {
  $(`[data-test="inspection-${code}-${result}"] input`).click();
  await settle(0);
};
const draft = () => JSON.parse(localStorage.getItem(DRAFT));
function pickPhoto(name = '东侧土方.jpg') {
  const input = $('input[data-test="inspection-photo-camera"]');
  Object.defineProperty(input, 'files', { value: [new File(['x'], name, { type: 'image/jpeg' })], configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('InspectionFormView', () => {
  beforeEach(() => {
    getLedgerRow.mockResolvedValue(siteRow);
    listLedgerTypes.mockResolvedValue({ items: [boilerType] });
    listChecklists.mockResolvedValue({ items: [sixChecklist] });
    Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition: vi.fn((ok) => ok(HERE)) }, configurable: true });
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    globalThis.URL.createObjectURL = vi.fn(() => '');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.clearAllMocks();
    localStorage.clear();
    document.body.innerHTML = '';
  });

  it('asks every item of the checklist the server has for the row’s type, where the phone is', async () => {
    await mountForm();
    expect(listChecklists).toHaveBeenCalledWith('coal_boilers');
    expect($('[data-test="inspection-target"]').textContent).toBe('现场检查：南郊乡安置房二期工程');
    expect($$('[data-test^="inspection-item-"]')).toHaveLength(3);
    expect($('[data-test="inspection-item-fencing"]').textContent).toContain('围挡连续、封闭');
    expect($('[data-test="inspection-location-text"]').textContent).toBe('114.365512, 34.761212');
    expect($('[data-test="inspection-progress"]').textContent).toBe('已检查 0 / 3 项');
    // A failed item asks for its note and offers the supervision problem.
    expect($('[data-test="inspection-note-covering"]')).toBeNull();
    await choose('covering', 'fail');
    expect($('textarea[data-test="inspection-note-covering"]')).not.toBeNull();
    expect($('[data-test="inspection-problem-covering"]')).not.toBeNull();
    expect($('[data-test="inspection-progress"]').textContent).toBe('已检查 1 / 3 项');
  });

  it('keeps the answers and the client key in a draft, and shows the server’s errors at the items', async () => {
    await mountForm();
    await choose('fencing', 'pass');
    await choose('covering', 'fail');
    await typeInto($('input[data-test="inspection-person"]'), '王经理');
    await settle(0);
    const kept = draft();
    expect(kept.client_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(kept.answers.covering.result).toBe('fail');
    expect(kept.person_met).toBe('王经理');
    createInspection.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'items[covering].note', code: 'required', message: 'required' },
          { field: 'items[wet_demolition]', code: 'required', message: 'required' },
        ],
      }),
    );
    $('[data-test="inspection-submit"]').click();
    await settle();
    expect(createInspection).toHaveBeenCalledWith({
      checklist: 'construction_six',
      ledger_row_id: 52,
      client_key: kept.client_key,
      items: [
        { code: 'fencing', result: 'pass', note: '', open_problem: false },
        { code: 'covering', result: 'fail', note: '', open_problem: false },
      ],
      person_met: '王经理',
      location: { lng: 114.365512, lat: 34.761212, datum: 'wgs84' },
    });
    expect($('[data-field="items[covering].note"] .el-form-item__error').textContent.trim()).toBe('必填');
    expect($('[data-test="inspection-item-wet_demolition"] .el-form-item__error').textContent.trim()).toBe('必填');
    expect(draft().client_key).toBe(kept.client_key);
    // The note typed: its complaint goes, the other item's stays.
    await typeInto($('textarea[data-test="inspection-note-covering"]'), '东侧土方未覆盖');
    await settle();
    expect($('[data-field="items[covering].note"] .el-form-item__error')).toBeNull();
    expect($('[data-test="inspection-item-wet_demolition"] .el-form-item__error')).not.toBeNull();

    // Opened again (a reload): everything back, the same key.
    document.body.innerHTML = '';
    await mountForm();
    expect($('[data-test="inspection-restored"]')).not.toBeNull();
    expect($('input[data-test="inspection-person"]').value).toBe('王经理');
    expect($('[data-test="inspection-covering-fail"]').classList.contains('is-active')).toBe(true);
    expect(draft().client_key).toBe(kept.client_key);
  });

  it('files the record first, then the signature and the photos; a lost answer is sent again with the same key', async () => {
    localStorage.setItem(DRAFT, JSON.stringify({ client_key: 'key-1', checklist: 'construction_six', answers: {}, person_met: '王经理', signature: SIGNATURE, location: null }));
    const { router } = await mountForm();
    for (const code of ['fencing', 'covering', 'wet_demolition']) await choose(code, 'pass');
    pickPhoto();
    await settle(0);
    expect($('[data-test="inspection-photo-item"]').dataset.status).toBe('waiting');
    expect(uploadInspectionFile).not.toHaveBeenCalled();

    createInspection.mockRejectedValueOnce(new ApiError({ status: 0, title: 'network' }));
    $('[data-test="inspection-submit"]').click();
    await settle();
    expect($('[data-test="inspection-error"]').textContent).toContain('无法连接服务器');
    expect(uploadInspectionFile).not.toHaveBeenCalled();

    createInspection.mockResolvedValueOnce({ id: 9 });
    uploadInspectionFile.mockImplementation(async (id, file, onProgress, kind) => ({ id: kind === 'signature' ? 71 : 72, kind, filename: file.name }));
    $('[data-test="inspection-submit"]').click();
    await settle();
    expect(createInspection).toHaveBeenCalledTimes(2);
    expect(createInspection.mock.calls.map((c) => c[0].client_key)).toEqual(['key-1', 'key-1']);
    const uploads = uploadInspectionFile.mock.calls.map(([id, file, , kind]) => [id, file.name, file.type, kind]);
    expect(uploads).toEqual([
      [9, 'signature.png', 'image/png', 'signature'],
      [9, '东侧土方.jpg', 'image/jpeg', 'photo'],
    ]);
    expect(router.currentRoute.value.fullPath).toBe('/inspections/9');
    expect(localStorage.getItem(DRAFT)).toBeNull();
  });

  it('carries on with the uploads after a reload once the record is filed', async () => {
    localStorage.setItem(
      DRAFT,
      JSON.stringify({
        client_key: 'key-2',
        checklist: 'construction_six',
        answers: {},
        signature: SIGNATURE,
        inspection_id: 9,
        photos: [{ id: 72, kind: 'photo', filename: 'a.jpg' }],
        photos_waiting: 1,
        signature_file: null,
      }),
    );
    uploadInspectionFile.mockRejectedValue(new ApiError({ status: 422, code: 'file_type' }));
    await mountForm();
    await settle();
    expect(createInspection).not.toHaveBeenCalled();
    expect($('[data-test="inspection-uploads"]').textContent).toContain('有 1 张照片在页面重新加载前未能上传');
    expect(uploadInspectionFile).toHaveBeenCalledTimes(1);
    expect(uploadInspectionFile.mock.calls[0][3]).toBe('signature');
    expect($('[data-test="inspection-signature-upload"]').dataset.status).toBe('error');
    expect($$('[data-test="inspection-photo-item"]').map((i) => i.dataset.status)).toEqual(['done']);
    // Done with a file not uploaded: asked first.
    $('[data-test="inspection-finish"]').click();
    await settle();
    expect($('.el-message-box').textContent).toContain('还有 1 个文件未上传成功');
  });

  it('inspects an enterprise with the checklists the server has for enterprises, drafted apart from ledger rows', async () => {
    getEnterprise.mockResolvedValue(enterpriseFile);
    createInspection.mockResolvedValue({ id: 77 });
    const { router } = await mountForm('/enterprises/1/inspect');
    expect(getEnterprise).toHaveBeenCalledWith(1);
    expect(getLedgerRow).not.toHaveBeenCalled();
    expect(listChecklists).toHaveBeenCalledWith('enterprise');
    expect($('[data-test="inspection-target"]').textContent).toBe('现场检查：开封市禹王台区金明机械配件厂');
    await choose('fencing', 'pass');
    await settle(0);
    expect(localStorage.getItem('lantian.draft.inspection.6.enterprise.1')).not.toBeNull();
    expect(localStorage.getItem(DRAFT)).toBeNull();
    for (const code of ['covering', 'wet_demolition']) await choose(code, 'not_applicable');
    $('[data-test="inspection-submit"]').click();
    await settle();
    const body = createInspection.mock.calls[0][0];
    expect(body.enterprise_id).toBe(1);
    expect('ledger_row_id' in body).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe('/inspections/77');

    document.body.innerHTML = '';
    listChecklists.mockResolvedValue({ items: [] });
    await mountForm('/enterprises/1/inspect');
    expect($('[data-test="inspection-no-checklist"]').textContent).toContain('尚无适用于企业的检查表');
  });

  it('a spot check during an alert: ?checklist= preselects the emergency measures, and filing comes back to ?back=', async () => {
    const emergency = {
      name: 'emergency_measures',
      label: { 'zh-CN': '应急减排措施落实情况', en: 'Emergency measures' },
      targets: ['construction_sites'],
      items: [{ code: 'measures_in_place', label: { 'zh-CN': '按预警级别落实减排措施', en: 'Measures in place' } }],
    };
    listChecklists.mockResolvedValue({ items: [sixChecklist, emergency] });
    const { router } = await mountForm('/ledger-rows/52/inspect?checklist=emergency_measures&back=%2Fair%2Falerts%2F7%2Fspot-checks');
    expect($$('[data-test^="inspection-measures_in_place-"]').length).toBeGreaterThan(0);
    expect($('[data-test="inspection-fencing-pass"]')).toBeNull();
    await choose('measures_in_place', 'fail');
    createInspection.mockResolvedValueOnce({ id: 12 });
    $('[data-test="inspection-submit"]').click();
    await settle();
    expect(createInspection.mock.calls[0][0].checklist).toBe('emergency_measures');
    expect(router.currentRoute.value.fullPath).toBe('/air/alerts/7/spot-checks');
  });

  it('a ?back= outside the app is not followed', async () => {
    const { router } = await mountForm('/ledger-rows/52/inspect?back=%2F%2Fevil.example');
    $('[data-test="inspection-back"]').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/ledger-rows/52');
  });

  it('says so when the server has no checklist for the type', async () => {
    listChecklists.mockResolvedValue({ items: [] });
    await mountForm();
    expect($('[data-test="inspection-no-checklist"]')).not.toBeNull();
    expect($('[data-test="inspection-submit"]')).toBeNull();
  });
});
