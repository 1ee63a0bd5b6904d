import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { stationList, stations } from '../../tests/fixtures/airStations.js';

vi.mock('../api/aq.js', () => ({ listAqStations: vi.fn(), createAqStation: vi.fn(), updateAqStation: vi.fn() }));
vi.mock('../api/enterprises.js', () => ({ getEnterprise: vi.fn(), listEnterprises: vi.fn(async () => ({ items: [] })) }));
vi.mock('../api/units.js', () => ({
  fetchUnitTree: vi.fn(async () => ({ items: [{ id: 1, name: '禹王台区人民政府', children: [{ id: 29, name: '南郊乡', children: [] }, { id: 30, name: '汪屯乡', children: [] }] }] })),
}));
import { ApiError } from '../api/client.js';
import { createAqStation, listAqStations, updateAqStation } from '../api/aq.js';
import { getEnterprise } from '../api/enterprises.js';
import { useAuthStore } from '../stores/auth.js';
import UnitPicker from '../components/common/UnitPicker.vue';
import StationsView from './StationsView.vue';

const OFFICE = ['aq.read', 'aq.manage', 'enterprises.read', 'units.read', 'ledgers.read'];
const VIEWER = ['aq.read', 'alerts.read'];

async function mountView({ permissions = OFFICE, locale = 'zh-CN' } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 1 }, permissions, loaded: true });
  const mounted = await mountWithApp(StationsView, { path: '/air/stations', pinia, locale });
  await settle(0);
  return mounted;
}
const text = (el) => (el?.textContent || '').replace(/\s+/g, ' ').trim();
const rows = () => $$('[data-test="stations-table"] .el-table__body-wrapper tbody tr');
const cell = (row, name) => text(row.querySelector(`[data-test="station-${name}-cell"]`));
const rowOf = (code) => rows().find((r) => cell(r, 'code') === code);
const dialog = () => $('[data-test="station-dialog"]');
const input = (name) => dialog().querySelector(`input[data-test="station-${name}"], [data-test="station-${name}"] input`);
const errorAt = (field) => text(dialog().querySelector(`[data-field="${field}"] .el-form-item__error`));
const limitsOf = (row) => [...row.querySelectorAll('[data-test="station-limits-cell"] .limit')].map(text);
const click = async (el) => {
  el.click();
  await settle(0);
};
const save = async () => {
  await click($('[data-test="station-save"]'));
  await settle();
};

describe('StationsView', () => {
  beforeEach(() => {
    listAqStations.mockResolvedValue(stationList);
    getEnterprise.mockImplementation(async (id) => ({ id, name: '开封市某铝业有限公司' }));
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('lists every station: the server’s kind label, unit, enterprise, coordinates, HJ 212 on/off, limits as decimals, active', async () => {
    await mountView();
    expect(rows().map((r) => cell(r, 'code'))).toEqual(['1824A', 'NJ-01', 'WT-01', 'NJ-M01', 'QY-0001']);
    expect(text($('[data-test="stations-total"]'))).toBe('共 5 个站点');
    const nj = rowOf('NJ-01');
    expect(cell(nj, 'name')).toBe('南郊乡站');
    expect(cell(nj, 'kind')).toBe('乡镇站（服务器）');
    expect(cell(nj, 'unit')).toBe('南郊乡');
    expect(cell(nj, 'location')).toBe('114.3655, 34.7386');
    expect(cell(nj, 'hj212')).toBe('未设置');
    expect(cell(nj, 'limits')).toBe('—');
    expect(cell(nj, 'active')).toBe('启用');
    // Six decimals at most; the password is only "set", never shown.
    expect(cell(rowOf('NJ-M01'), 'location')).toBe('114.3712, 34.7386');
    expect(cell(rowOf('NJ-M01'), 'hj212')).toBe('已设置');
    expect(cell(rowOf('WT-01'), 'active')).toBe('停用');
    const qy = rowOf('QY-0001');
    expect(limitsOf(qy)).toEqual(['SO₂ 200', 'NO₂ 240.5', 'CO 0.5']);
    expect(cell(qy, 'location')).toBe('—');
    // The enterprise's name, fetched once, linking to its file.
    expect(getEnterprise).toHaveBeenCalledTimes(1);
    expect(getEnterprise).toHaveBeenCalledWith(12);
    expect(cell(qy, 'enterprise')).toBe('开封市某铝业有限公司');
    expect(qy.querySelector('a[data-test="station-enterprise-cell"]')).not.toBeNull();
    expect($('[data-test="stations-add"]')).not.toBeNull();
    expect($$('[data-test="station-edit"]')).toHaveLength(5);
    expect($('[data-test="air-tab-stations"]').classList.contains('active')).toBe(true);
  });

  it('filters by a part of the code or name, by kind and by unit', async () => {
    const { wrapper } = await mountView();
    await typeInto($('input[data-test="stations-q"]'), 'nj');
    expect(rows().map((r) => cell(r, 'code'))).toEqual(['NJ-01', 'NJ-M01']);
    expect(text($('[data-test="stations-total"]'))).toBe('显示 2 个，共 5 个');
    await typeInto($('input[data-test="stations-q"]'), '汪屯');
    expect(rows().map((r) => cell(r, 'code'))).toEqual(['WT-01']);
    await typeInto($('input[data-test="stations-q"]'), '');
    const [kindSelect, unitSelect] = wrapper.findAllComponents({ name: 'ElSelect' });
    kindSelect.vm.$emit('update:modelValue', 'township');
    await settle(0);
    expect(rows().map((r) => cell(r, 'code'))).toEqual(['NJ-01', 'WT-01']);
    kindSelect.vm.$emit('update:modelValue', '');
    unitSelect.vm.$emit('update:modelValue', 29);
    await settle(0);
    expect(rows().map((r) => cell(r, 'code'))).toEqual(['NJ-01', 'NJ-M01', 'QY-0001']);
    // The unit filter offers the units the stations are in, by name.
    expect(unitSelect.props('modelValue')).toBe(29);
    await click($('[data-test="stations-unit"]'));
    expect($$('.el-select-dropdown__item').map(text)).toEqual(expect.arrayContaining(['南郊乡', '汪屯乡', '禹王台区人民政府']));
  });

  it('registers a station: the body names code, name, kind, township, WGS-84 point, limits as numbers and the password', async () => {
    const created = { ...stations[1], id: 20, code: 'NJ-02', name: '南郊乡二号站', version: 1 };
    createAqStation.mockResolvedValue(created);
    const { wrapper } = await mountView();
    await click($('[data-test="stations-add"]'));
    expect(text($('.el-dialog__title'))).toBe('新增监测站点');
    // The kinds are the server's, in its order.
    expect($$('.el-select-dropdown__item[data-test^="station-kind-"]').map(text)).toEqual(['国控站（服务器）', '省控站', '乡镇站（服务器）', '微站', '企业在线监测']);
    await click($('.el-select-dropdown__item[data-test="station-kind-township"]'));
    await typeInto(input('code'), ' NJ-02 ');
    await typeInto(input('name'), '南郊乡二号站');
    wrapper.findComponent(UnitPicker).vm.$emit('update:modelValue', 29);
    await typeInto(dialog().querySelector('[data-test="ledger-lng"] input'), '114.36');
    await typeInto(dialog().querySelector('[data-test="ledger-lat"] input'), '34.741');
    await typeInto(input('limit-pm25'), '75');
    await typeInto(input('limit-co'), '0.5');
    await typeInto(input('password'), 'njz-212x');
    listAqStations.mockResolvedValue({ ...stationList, items: [...stations, created] });
    await save();
    expect(createAqStation).toHaveBeenCalledWith({
      code: 'NJ-02',
      name: '南郊乡二号站',
      kind: 'township',
      unit_id: 29,
      enterprise_id: null,
      location: { lng: 114.36, lat: 34.741, datum: 'wgs84' },
      limits: { co: 0.5, pm25: 75 },
      active: true,
      hj212_password: 'njz-212x',
    });
    expect(dialog()?.closest('.el-overlay')?.style.display ?? 'none').toBe('none');
    expect(listAqStations).toHaveBeenCalledTimes(2);
    expect(rowOf('NJ-02')).toBeTruthy();
  });

  it('a code already registered (409) shows at the code; the server’s 422 at the fields it names', async () => {
    createAqStation
      .mockRejectedValueOnce(new ApiError({ status: 409, code: 'aq_station_code_taken', params: { code: '1824A' } }))
      .mockRejectedValueOnce(
        new ApiError({
          status: 422,
          code: 'validation_failed',
          errors: [
            { field: 'limits.co', code: 'invalid', params: {} },
            { field: 'location', code: 'invalid', params: {} },
            { field: 'hj212_password', code: 'invalid', params: {} },
          ],
        }),
      );
    await mountView();
    await click($('[data-test="stations-add"]'));
    await typeInto(input('code'), '1824A');
    await typeInto(input('name'), '重复');
    await save();
    expect(errorAt('code')).toBe('编码为 1824A 的站点已登记');
    await typeInto(input('code'), 'X-1');
    await typeInto(input('limit-co'), '-1');
    await typeInto(input('password'), 'a;b');
    await save();
    expect(createAqStation).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'X-1', limits: { co: -1 }, hj212_password: 'a;b' }));
    expect(errorAt('code')).toBe('');
    expect(errorAt('limits.co')).toBe('无效');
    expect(errorAt('location')).toBe('无效');
    expect(errorAt('hj212_password')).toBe('无效');
    expect($('[data-test="station-other-errors"]')).toBeNull();
    expect(dialog()).not.toBeNull();
  });

  it('edits a station with the version read, without the code, keeping the password when untouched', async () => {
    const qy = stations[4];
    updateAqStation.mockResolvedValue({ ...qy, name: '铝业公司总排口', version: 3 });
    await mountView();
    await click(rowOf('QY-0001').querySelector('[data-test="station-edit"]'));
    expect(text($('.el-dialog__title'))).toBe('编辑站点：开封市某铝业公司排口');
    expect(input('code').value).toBe('QY-0001');
    expect(input('code').disabled).toBe(true);
    expect(input('limit-no2').value).toBe('240.5');
    expect(input('limit-co').value).toBe('0.5');
    expect(input('password')).toBeNull();
    await typeInto(input('name'), '铝业公司总排口');
    await typeInto(input('limit-no2'), '');
    await save();
    expect(updateAqStation).toHaveBeenCalledWith(8, 2, {
      name: '铝业公司总排口',
      kind: 'enterprise',
      unit_id: 29,
      enterprise_id: 12,
      location: null,
      limits: { so2: 200, co: 0.5 },
      active: true,
    });
    expect('hj212_password' in updateAqStation.mock.calls[0][2]).toBe(false);
    expect('code' in updateAqStation.mock.calls[0][2]).toBe(false);
  });

  it('an edit sets a new password or removes it (null); "set" with none typed asks for one', async () => {
    updateAqStation.mockImplementation(async (id, version, body) => ({ ...stations[3], ...body, version: version + 1 }));
    await mountView();
    await click(rowOf('NJ-M01').querySelector('[data-test="station-edit"]'));
    await click(dialog().querySelector('[data-test="station-password-set"]'));
    await save();
    expect(updateAqStation).not.toHaveBeenCalled();
    expect(errorAt('hj212_password')).toBe('请输入新密码');
    await typeInto(input('password'), 'new-pw-212');
    await save();
    expect(updateAqStation).toHaveBeenLastCalledWith(7, 1, expect.objectContaining({ hj212_password: 'new-pw-212', location: { lng: 114.3712, lat: 34.7386, datum: 'wgs84' } }));

    await click(rowOf('NJ-M01').querySelector('[data-test="station-edit"]'));
    await click(dialog().querySelector('[data-test="station-password-remove"]'));
    await save();
    expect(updateAqStation).toHaveBeenLastCalledWith(7, 1, expect.objectContaining({ hj212_password: null }));
  });

  it('a stale version (409) reloads the stations and the dialog shows the fresh one', async () => {
    updateAqStation.mockRejectedValueOnce(new ApiError({ status: 409, code: 'stale_version', params: { version: '4' } }));
    await mountView();
    await click(rowOf('WT-01').querySelector('[data-test="station-edit"]'));
    await typeInto(input('name'), '我的改动');
    const fresher = { ...stations[2], name: '汪屯乡站（他人已改）', version: 4 };
    listAqStations.mockResolvedValue({ ...stationList, items: stations.map((s) => (s.id === 4 ? fresher : s)) });
    await save();
    expect(updateAqStation).toHaveBeenCalledWith(4, 3, expect.objectContaining({ name: '我的改动', active: false }));
    expect(listAqStations).toHaveBeenCalledTimes(2);
    expect(input('name').value).toBe('汪屯乡站（他人已改）');
    expect(text($('.el-message'))).toBe('该记录已被他人修改，已重新加载最新内容，请核对后再操作');
    updateAqStation.mockResolvedValueOnce({ ...fresher, version: 5 });
    await save();
    expect(updateAqStation).toHaveBeenLastCalledWith(4, 4, expect.objectContaining({ name: '汪屯乡站（他人已改）' }));
  });

  it('a reader without aq.manage sees the list and no button to add or edit', async () => {
    await mountView({ permissions: VIEWER });
    expect(rows()).toHaveLength(5);
    expect($('[data-test="stations-add"]')).toBeNull();
    expect($('[data-test="station-edit"]')).toBeNull();
    expect($('[data-test="station-dialog"]')).toBeNull();
    // Without the registry the enterprise is named by its id, not fetched.
    expect(getEnterprise).not.toHaveBeenCalled();
    expect(cell(rowOf('QY-0001'), 'enterprise')).toBe('#12');
  });

  it('speaks English with the server’s English labels', async () => {
    await mountView({ locale: 'en' });
    expect(cell(rowOf('1824A'), 'kind')).toBe('National (server)');
    expect(cell(rowOf('NJ-M01'), 'hj212')).toBe('Set');
    expect(text($('[data-test="stations-total"]'))).toBe('5 station(s)');
  });
});
