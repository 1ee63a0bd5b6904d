import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { boilerType } from '../../tests/fixtures/ledgers.js';
import { sixChecklist } from '../../tests/fixtures/inspections.js';
import { enterpriseFile, hengshengAlert } from '../../tests/fixtures/enterprises.js';

vi.mock('../api/enterprises.js', () => ({
  getEnterprise: vi.fn(),
  updateEnterprise: vi.fn(),
  createEnterprise: vi.fn(),
  addBannedEnterprise: vi.fn(),
  resolveRelocationAlert: vi.fn(),
  uploadEnterpriseFile: vi.fn(),
}));
vi.mock('../api/inspections.js', () => ({ listChecklists: vi.fn(), listInspections: vi.fn() }));
vi.mock('../api/ledgers.js', () => ({ listLedgerTypes: vi.fn() }));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z', working_day: true })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { ApiError } from '../api/client.js';
import { addBannedEnterprise, getEnterprise, resolveRelocationAlert, uploadEnterpriseFile } from '../api/enterprises.js';
import { photoFile } from '../../tests/fixtures/ledgers.js';
import { listChecklists, listInspections } from '../api/inspections.js';
import { listLedgerTypes } from '../api/ledgers.js';
import { useAuthStore } from '../stores/auth.js';
import EnterpriseView from './EnterpriseView.vue';

async function mountFile(file = enterpriseFile) {
  getEnterprise.mockResolvedValue(file);
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 3, unit_id: 2 }, permissions: ['enterprises.read'], loaded: true });
  const mounted = await mountWithApp(EnterpriseView, { path: `/enterprises/${file.id}`, pinia });
  await settle(0);
  return mounted;
}
const buttons = () => $$('.head-panel .button-bar .el-button').map((b) => b.textContent.trim());

describe('EnterpriseView', () => {
  beforeEach(() => {
    listLedgerTypes.mockResolvedValue({ items: [{ ...boilerType, workflow_definition: undefined }] });
    listChecklists.mockResolvedValue({ items: [{ ...sixChecklist, name: 'closure_checks', targets: ['enterprise'] }] });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows the enterprise’s identity, its ledger rows and its inspections, each linked', async () => {
    await mountFile();
    expect(getEnterprise).toHaveBeenCalledWith(1);
    expect($('[data-test="enterprise-name"]').textContent).toBe('开封市禹王台区金明机械配件厂');
    expect($('.head-panel [data-test="enterprise-status-tag"]').textContent.trim()).toBe('正常生产经营');
    expect($('[data-test="enterprise-credit-code"]').textContent).toBe('92410205MA40G8W3X5');
    expect($('[data-test="enterprise-phone"]').getAttribute('href')).toBe('tel:13803780101');
    expect($('[data-test="enterprise-location"]').textContent).toBe('114.365000, 34.739900');
    expect($('[data-test="enterprise-map-link"]').getAttribute('href')).toBe('/map?layers=enterprises&focus=1');
    const rows = $$('[data-test="enterprise-ledger-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0].getAttribute('href')).toBe('/ledger-rows/41');
    expect(rows[0].textContent).toContain('燃煤小锅炉淘汰台账');
    expect($('[data-test="enterprise-ledger-rows"] .section-title').textContent).toBe('台账记录（1）');
    // The file's inspections, not asked for again.
    const card = $('[data-test="enterprise-inspections"] [data-test="inspection-card"]');
    expect(card.getAttribute('href')).toBe('/inspections/12');
    expect(listInspections).not.toHaveBeenCalled();
    expect($('[data-test="enterprise-alerts"]')).toBeNull();
  });

  it('offers exactly the enterprise’s actions, and 现场检查 only where a checklist for enterprises exists', async () => {
    const { router } = await mountFile();
    expect(listChecklists).toHaveBeenCalledWith('enterprise');
    expect(buttons()).toEqual(['现场检查', '编辑', '列入关停取缔名单']);
    expect($('input[data-test="enterprise-file-files"]')).not.toBeNull();
    $('[data-test="enterprise-inspect"]').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/enterprises/1/inspect');

    document.body.innerHTML = '';
    listChecklists.mockResolvedValue({ items: [] });
    await mountFile();
    expect(buttons()).toEqual(['编辑', '列入关停取缔名单']);

    document.body.innerHTML = '';
    listChecklists.mockClear();
    await mountFile({ ...enterpriseFile, actions: [] });
    expect($('.head-panel .button-bar')).toBeNull();
    expect($('input[data-test="enterprise-file-files"]')).toBeNull();
    expect(listChecklists).not.toHaveBeenCalledWith('enterprise');
  });

  it('lists its documents and photos and files more where the enterprise’s actions allow', async () => {
    globalThis.URL.createObjectURL = vi.fn(() => '');
    const permit = { ...photoFile(31), kind: 'document', filename: '排污许可证.pdf', thumbnail_url: null };
    await mountFile({ ...enterpriseFile, files: [photoFile(30), permit] });
    expect($('[data-test="enterprise-files"] .section-title').textContent).toBe('证照和照片（2）');
    expect($$('[data-test="enterprise-files"] [data-test="ledger-photo"]')).toHaveLength(1);
    expect($('[data-test="enterprise-files"] [data-test="ledger-document"]').textContent).toBe('排污许可证.pdf');
    uploadEnterpriseFile.mockResolvedValue({ ...permit, id: 32, filename: '环评批复.pdf' });
    getEnterprise.mockResolvedValue({ ...enterpriseFile, files: [photoFile(30), permit, { ...permit, id: 32, filename: '环评批复.pdf' }] });
    const input = $('input[data-test="enterprise-file-files"]');
    Object.defineProperty(input, 'files', { value: [new File(['%PDF'], '环评批复.pdf', { type: 'application/pdf' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
    expect(uploadEnterpriseFile).toHaveBeenCalledWith(1, expect.any(File), expect.any(Function));
    expect($('[data-test="enterprise-files"] .section-title').textContent).toBe('证照和照片（3）');
  });

  it('bans one of ours with the date and the reason, then shows it again', async () => {
    addBannedEnterprise.mockResolvedValue({ id: 9, name: enterpriseFile.name, alerts: [] });
    await mountFile();
    $('[data-test="enterprise-ban"]').click();
    await settle(0);
    expect($('[data-test="banned-dialog"] .el-dialog__title').textContent).toBe('列入关停取缔名单：开封市禹王台区金明机械配件厂');
    expect($('input[data-test="banned-name"]')).toBeNull(); // its identity is the registered one
    await typeInto($('textarea[data-test="banned-reason"]'), '无环评手续，关停取缔');
    $('[data-test="banned-save"]').click();
    await settle();
    expect(addBannedEnterprise).toHaveBeenCalledWith({ enterprise_id: 1, banned_on: '2017-12-20', reason: '无环评手续，关停取缔' });
    expect(getEnterprise).toHaveBeenCalledTimes(2);
  });

  it('shows its open suspected relocations, confirmed with a note the server requires', async () => {
    const file = { ...enterpriseFile, open_alerts: [hengshengAlert] };
    await mountFile(file);
    const alert = $('[data-test="enterprise-alerts"] [data-test="relocation-alert"]');
    expect($('[data-test="enterprise-alerts"] .section-title').textContent).toContain('疑似搬迁预警（1）');
    expect(alert.querySelector('[data-test="relocation-enterprise-link"]')).toBeNull();
    expect(alert.querySelector('[data-test="relocation-banned-name"]').textContent).toContain('开封市龙亭区恒盛塑料颗粒加工厂');
    alert.querySelector('[data-test="relocation-confirm"]').click();
    await settle(0);
    resolveRelocationAlert.mockRejectedValueOnce(new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'note', code: 'note_required' }] }));
    $('[data-test="resolve-save"]').click();
    await settle();
    expect(resolveRelocationAlert).toHaveBeenCalledWith(7, 'confirmed', '');
    expect($('[data-test="resolve-dialog"] [data-field="note"] .el-form-item__error').textContent).toBe('请填写原因');

    resolveRelocationAlert.mockResolvedValueOnce({ ...hengshengAlert, status: 'confirmed', actions: [] });
    getEnterprise.mockResolvedValue(enterpriseFile);
    await typeInto($('textarea[data-test="resolve-note"]'), '经实地核查，系恒盛迁入');
    $('[data-test="resolve-save"]').click();
    await settle();
    expect(resolveRelocationAlert).toHaveBeenLastCalledWith(7, 'confirmed', '经实地核查，系恒盛迁入');
    expect($('[data-test="enterprise-alerts"]')).toBeNull();
  });

  it('says so when the enterprise cannot be had (outside the reader’s area)', async () => {
    getEnterprise.mockRejectedValue(new ApiError({ status: 404, code: 'enterprise_not_found' }));
    await mountWithApp(EnterpriseView, { path: '/enterprises/99' });
    await settle(0);
    expect($('[data-test="enterprise-error"]').textContent).toContain('没有这家企业');
  });
});
