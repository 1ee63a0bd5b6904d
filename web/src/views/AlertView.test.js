import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { alertOrange, decisionYellow, standard } from '../../tests/fixtures/airAlerts.js';

vi.mock('../api/aq.js', () => ({
  getWarningStandard: vi.fn(),
  getForecastDecision: vi.fn(),
  getAlert: vi.fn(),
  issueAlert: vi.fn(),
  actOnAlert: vi.fn(),
  uploadAlertFile: vi.fn(),
  alertCapUrl: (id, ev) => `/api/v1/aq/alerts/${id}/cap.xml${ev ? `?event=${ev}` : ''}`,
}));
import { ApiError } from '../api/client.js';
import { getAlert, getForecastDecision, getWarningStandard } from '../api/aq.js';
import { useAuthStore } from '../stores/auth.js';
import AlertView from './AlertView.vue';

async function mountView(permissions = ['alerts.read', 'aq.read']) {
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 1 }, permissions, loaded: true });
  const mounted = await mountWithApp(AlertView, { path: '/air/alerts/1', pinia });
  await settle(0);
  return mounted;
}

describe('AlertView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('a past alert read-only: its level, history with each move’s CAP message, no buttons the server did not give', async () => {
    getWarningStandard.mockResolvedValue(standard);
    getAlert.mockResolvedValue({ ...alertOrange, status: 'lifted', status_label: { 'zh-CN': '已解除', en: 'Lifted' }, actions: [] });
    await mountView();
    expect(getAlert).toHaveBeenCalledWith('1');
    expect(getForecastDecision).not.toHaveBeenCalled();
    expect($('[data-test="alert-status"]').textContent.trim()).toBe('已解除');
    expect($$('[data-test="alert-history-item"]')).toHaveLength(2);
    expect($$('[data-test^="alert-action-"]')).toHaveLength(0);
    expect($$('[data-test="alert-history-item"] a').map((a) => a.getAttribute('href'))).toContain('/api/v1/aq/alerts/1/cap.xml?event=384');
    expect($('[data-test="alert-spot-checks"]').getAttribute('href')).toBe('/air/alerts/1/spot-checks');
  });

  it('the office’s moves preselect the level the forecast calls for', async () => {
    getWarningStandard.mockResolvedValue(standard);
    getAlert.mockResolvedValue(alertOrange);
    getForecastDecision.mockResolvedValue(decisionYellow);
    await mountView(['alerts.read', 'alerts.manage']);
    $('[data-test="alert-action-downgrade"]').click();
    await settle(0);
    expect($('[data-test="alert-action-level-yellow"]').className).toContain('is-active');
  });

  it('an unknown alert says so', async () => {
    getWarningStandard.mockResolvedValue(standard);
    getAlert.mockRejectedValueOnce(new ApiError({ status: 404, code: 'alert_not_found' }));
    await mountView();
    expect(document.body.textContent).toContain('未找到该预警');
  });
});
