import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { alertOrange, decisionYellow, standard } from '../../tests/fixtures/airAlerts.js';

vi.mock('../api/aq.js', () => ({
  getWarningStandard: vi.fn(),
  getForecastDecision: vi.fn(),
  enterForecasts: vi.fn(),
  importForecastCsv: vi.fn(),
  listAlerts: vi.fn(),
  issueAlert: vi.fn(),
  getAlert: vi.fn(),
  actOnAlert: vi.fn(),
  uploadAlertFile: vi.fn(),
  alertCapUrl: (id, ev) => `/api/v1/aq/alerts/${id}/cap.xml${ev ? `?event=${ev}` : ''}`,
  ALERTS_ATOM_URL: '/api/v1/aq/alerts.atom',
}));
import { ApiError } from '../api/client.js';
import { actOnAlert, uploadAlertFile, enterForecasts, getAlert, getForecastDecision, getWarningStandard, importForecastCsv, issueAlert, listAlerts } from '../api/aq.js';
import { useAuthStore } from '../stores/auth.js';
import AlertsView from './AlertsView.vue';

const OFFICE = ['alerts.read', 'alerts.manage', 'aq.read', 'ledgers.read'];
const LEADER = ['alerts.read', 'aq.read'];
const inForceSummary = (a) => {
  const { reasons: _r, history: _h, files: _f, actions: _a, ...rest } = a;
  return rest;
};

async function mountView({ permissions = OFFICE, locale = 'zh-CN' } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 1 }, permissions, loaded: true });
  const mounted = await mountWithApp(AlertsView, { path: '/air/alerts', pinia, locale });
  await settle(0);
  return mounted;
}
const text = (sel) => $(sel)?.textContent.replace(/\s+/g, ' ').trim() || '';
const click = async (sel) => {
  $(sel).click();
  await settle(0);
};
async function type(sel, value) {
  const input = $(sel).matches('input, textarea') ? $(sel) : $(sel).querySelector('input, textarea');
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await settle(0);
}

describe('AlertsView', () => {
  beforeEach(() => {
    getWarningStandard.mockResolvedValue(standard);
    getForecastDecision.mockResolvedValue(decisionYellow);
    listAlerts.mockResolvedValue({ items: [], actions: ['issue'] });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows the forecast and the standard’s decision: the level in its colour, the episode, the clause’s days and the suggestion', async () => {
    await mountView();
    expect($$('[data-test="alert-forecast-day"]').map((r) => r.querySelector('[data-test="alert-forecast-aqi"]').textContent)).toEqual(['230', '260', '240']);
    expect(text('[data-test="alerts-today"]')).toContain('2017-12-20');
    const level = $('[data-test="alert-decision-level"]');
    expect(level.textContent).toContain('黄色预警');
    expect(level.textContent).toContain('Ⅲ级响应');
    expect(level.style.background).toBe('rgb(251, 192, 45)');
    const reasons = text('[data-test="alert-decision-reasons"]');
    expect(reasons).toContain('2017-12-20 至 2017-12-22');
    expect(reasons).toContain('峰值 AQI 260');
    expect(text('[data-test="alert-decision-clause"]')).toBe('AQI > 200 需 2 天，达到 3 天：12-20、12-21、12-22');
    expect(text('[data-test="alert-decision-suggestion"]')).toBe('建议发布预警');
    expect(text('[data-test="alert-decision-lead"]')).toContain('过程已开始（10 小时前）');
    expect(text('[data-test="alerts-none-in-force"]')).toBe('当前无在发预警');
    expect($('[data-test="alerts-reduction-list"]').getAttribute('href')).toBe('/ledgers/emergency_reduction_list');
  });

  it('offers to issue only when the server says so, and a reader without alerts.manage edits nothing', async () => {
    listAlerts.mockResolvedValue({ items: [], actions: [] });
    await mountView({ permissions: LEADER });
    expect($('[data-test="alerts-issue"]')).toBeNull();
    expect($('[data-test="alert-forecast-edit"]')).toBeNull();
    expect($('[data-test="alert-forecast-import"]')).toBeNull();
    expect(text('[data-test="alert-decision-level"]')).toContain('黄色预警');
  });

  it('the alert in force: level, number, cuts per level, history with the levels before and after, and the server’s actions only', async () => {
    getForecastDecision.mockResolvedValue({ ...decisionYellow, suggestion: 'downgrade', in_force: inForceSummary(alertOrange) });
    getAlert.mockResolvedValue({ ...alertOrange, actions: ['lift'] });
    listAlerts.mockResolvedValue({ items: [inForceSummary(alertOrange)], actions: [] });
    await mountView();
    expect(getAlert).toHaveBeenCalledWith(1);
    expect(text('[data-test="alert-level"]')).toBe('橙色预警');
    expect(text('[data-test="alert-number"]')).toBe('2017-001');
    expect(text('[data-test="alert-status"]')).toBe('预警中');
    // Beijing time, though the tests run in New York.
    expect(text('[data-test="alert-effective_at"]')).toBe('2017-12-20 09:00:00');
    expect($('[data-test="alert-reduction-orange"]').className).toContain('current');
    expect(text('[data-test="alert-reduction-orange"]')).toContain('≥ 20%');
    expect(text('[data-test="alert-reduction-red"]')).toContain('≥ 30%');
    const moves = $$('[data-test="alert-history-item"]');
    expect(moves).toHaveLength(2);
    // Newest first.
    expect(moves[0].querySelector('[data-test="alert-history-levels"]').textContent.trim()).toBe('黄色预警 → 橙色预警');
    expect(moves[1].querySelector('[data-test="alert-history-levels"]').textContent.trim()).toBe('— → 黄色预警');
    expect(moves[1].querySelector('[data-test="alert-history-note"]').textContent).toBe('通知正文');
    expect(moves[1].querySelector('[data-test="alert-history-document"]').textContent).toContain('发布重污染天气黄色预警的通知');
    // Only what the server allows: lift, not upgrade or downgrade (although the decision suggests a downgrade).
    expect($('[data-test="alert-action-lift"]')).not.toBeNull();
    expect($('[data-test="alert-action-upgrade"]')).toBeNull();
    expect($('[data-test="alert-action-downgrade"]')).toBeNull();
    expect($('[data-test="alerts-issue"]')).toBeNull();
    expect($('[data-test="alert-cap"]').getAttribute('href')).toBe('/api/v1/aq/alerts/1/cap.xml');
    // The in-force alert is not repeated among the past ones.
    expect($$('[data-test="alerts-list-item"]')).toHaveLength(0);
  });

  it('enters a forecast with its source; the server’s complaint shows at the day and column it names', async () => {
    await mountView();
    await click('[data-test="alert-forecast-edit"]');
    expect($$('[data-test="alert-forecast-row-edit"]')).toHaveLength(3);
    await click('[data-test="alert-forecast-add"]');
    await type('[data-test="alert-forecast-aqi-3"]', '9999');
    enterForecasts.mockRejectedValueOnce(
      new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'days[3].aqi', code: 'out_of_range', params: { min: '0', max: '500' }, message: 'must be between 0 and 500' }] }),
    );
    await click('[data-test="alert-forecast-save"]');
    const body = enterForecasts.mock.calls[0][0];
    expect(body.issued_on).toBe('2017-12-20');
    expect(body.source).toBe('市环境监测站');
    expect(body.days.map((d) => [d.day, d.aqi])).toEqual([
      ['2017-12-20', 230],
      ['2017-12-21', 260],
      ['2017-12-22', 240],
      ['2017-12-23', 9999],
    ]);
    expect($('[data-test="alert-forecast-aqi-error-3"]')).not.toBeNull();
    expect($('[data-test="alert-forecast-editor"]')).not.toBeNull();

    enterForecasts.mockResolvedValueOnce({ stored: 4, decision: { ...decisionYellow, suggestion: '' } });
    await type('[data-test="alert-forecast-aqi-3"]', '180');
    await click('[data-test="alert-forecast-save"]');
    expect($('[data-test="alert-forecast-editor"]')).toBeNull();
    expect(text('[data-test="alert-decision-suggestion"]')).toBe('在发预警与预报一致');
  });

  it('lists a CSV’s errors by line and column', async () => {
    await mountView();
    importForecastCsv.mockRejectedValueOnce(
      new ApiError({
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'csv:2:2', code: 'out_of_range', params: { min: '0', max: '500' }, message: 'must be between 0 and 500' },
          { field: 'csv:3:3', code: 'aq_pollutant_unknown', params: { value: 'XX' }, message: 'XX is not a pollutant' },
        ],
      }),
    );
    const input = $('[data-test="alert-forecast-file"]');
    const file = new File(['day,aqi,primary\n2017-12-20,abc,PM2.5\n'], 'f.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle(0);
    expect(importForecastCsv).toHaveBeenCalledWith(file, { issued_on: '2017-12-20', source: '市环境监测站' });
    const errors = text('[data-test="alert-forecast-csv-errors"]');
    expect(errors).toContain('第 2 行第 2 列');
    expect(errors).toContain('第 3 行第 3 列');
  });

  it('issues the alert at the level the standard gives, with the document’s note (no time: the server’s now)', async () => {
    await mountView();
    await click('[data-test="alerts-issue"]');
    expect(text('[data-test="alert-action-suggested"]')).toContain('黄色预警');
    await type('[data-test="alert-action-note"]', '请各单位落实应急减排措施');
    issueAlert.mockResolvedValueOnce(alertOrange);
    await click('[data-test="alert-action-save"]');
    expect(issueAlert).toHaveBeenCalledWith({ level: 'yellow', effective_at: '', note: '请各单位落实应急减排措施' });
    expect(getForecastDecision).toHaveBeenCalledTimes(2);
  });

  it('a refused upgrade shows at the level; a stale version reloads the alert', async () => {
    getForecastDecision.mockResolvedValue({ ...decisionYellow, suggestion: 'downgrade', in_force: inForceSummary(alertOrange) });
    getAlert.mockResolvedValue(alertOrange);
    await mountView();
    await click('[data-test="alert-action-upgrade"]');
    actOnAlert.mockRejectedValueOnce(
      new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'level', code: 'alert_level_not_higher', params: { level: 'yellow', current: 'orange' }, message: 'not higher' }] }),
    );
    await click('[data-test="alert-action-save"]');
    expect(actOnAlert).toHaveBeenCalledWith(1, 'upgrade', expect.objectContaining({ version: 2, level: 'yellow' }));
    await vi.waitFor(() => expect(text('[data-field="level"] .el-form-item__error')).toContain('orange'));
    actOnAlert.mockRejectedValueOnce(new ApiError({ status: 409, code: 'stale_version' }));
    await click('[data-test="alert-action-save"]');
    expect(getAlert).toHaveBeenCalledTimes(2);
  });

  it('a move files its documents on the alert first and names them', async () => {
    getForecastDecision.mockResolvedValue({ ...decisionYellow, in_force: inForceSummary(alertOrange) });
    getAlert.mockResolvedValue(alertOrange);
    await mountView();
    await click('[data-test="alert-action-lift"]');
    expect($('[data-field="level"]')).toBeNull();
    const input = $('[data-test="alert-action-files"]');
    const file = new File(['%PDF'], '解除通知.pdf', { type: 'application/pdf' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle(0);
    expect(text('[data-test="alert-action-file"]')).toContain('解除通知.pdf');
    uploadAlertFile.mockResolvedValueOnce({ id: 88, filename: '解除通知.pdf' });
    actOnAlert.mockResolvedValueOnce({ ...alertOrange, status: 'lifted', actions: [] });
    await click('[data-test="alert-action-save"]');
    expect(uploadAlertFile).toHaveBeenCalledWith(1, file);
    expect(actOnAlert).toHaveBeenCalledWith(1, 'lift', { effective_at: '', note: '', version: 2, files: [88] });
  });

  it('speaks English with the server’s English labels', async () => {
    await mountView({ locale: 'en' });
    expect(text('[data-test="alert-decision-level"]')).toContain('Yellow alert');
    expect(text('[data-test="alert-decision-suggestion"]')).toBe('Issue an alert');
  });
});
