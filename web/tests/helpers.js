// Mounting helpers: the real i18n, Element Plus and a fresh pinia per test,
// so components behave as in the app.
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createRouter, createMemoryHistory } from 'vue-router';
import { createAppI18n } from '../src/i18n/index.js';
import english from '../src/i18n/english.js';

export function makeRouter() {
  const Stub = { template: '<div />' };
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Stub },
      { path: '/login', name: 'login', component: Stub },
      { path: '/change-password', name: 'change-password', component: Stub },
      { path: '/units', name: 'units', component: Stub },
      { path: '/users', name: 'users', component: Stub },
      { path: '/audit', name: 'audit', component: Stub },
      { path: '/inbox', name: 'inbox', component: Stub },
      { path: '/my-tasks', name: 'my-tasks', component: Stub },
      { path: '/overdue', name: 'overdue', component: Stub },
      { path: '/dashboard', name: 'dashboard', component: Stub },
      { path: '/campaigns/:id', name: 'campaign', component: Stub },
      { path: '/campaigns/:id/tasks', name: 'campaign-tasks', component: Stub },
      { path: '/tasks/:id', name: 'task', component: Stub },
      { path: '/tasks/:id/report', name: 'task-report', component: Stub },
      { path: '/ledgers', name: 'ledgers', component: Stub },
      { path: '/ledgers/:type', name: 'ledger', component: Stub },
      { path: '/ledger-rows/:id', name: 'ledger-row', component: Stub },
      { path: '/ledger-rows/:id/inspect', name: 'ledger-row-inspect', component: Stub },
      { path: '/inspections/:id', name: 'inspection', component: Stub },
      { path: '/map', name: 'map', component: Stub },
      { path: '/air', name: 'air', component: Stub },
      { path: '/air/stations', name: 'air-stations', component: Stub },
      { path: '/air/alerts', name: 'air-alerts', component: Stub },
      { path: '/air/alerts/:id', name: 'air-alert', component: Stub },
      { path: '/air/alerts/:id/spot-checks', name: 'air-spot-checks', component: Stub },
      { path: '/enterprises', name: 'enterprises', component: Stub },
      { path: '/enterprises/:id', name: 'enterprise', component: Stub },
      { path: '/enterprises/:id/inspect', name: 'enterprise-inspect', component: Stub },
      { path: '/banned-enterprises', name: 'banned-enterprises', component: Stub },
      { path: '/relocation-alerts', name: 'relocation-alerts', component: Stub },
      { path: '/problems/:id', name: 'problem', component: Stub },
    ],
  });
}

export async function mountWithApp(component, { props, locale = 'zh-CN', router, pinia, attach = true, path = '/' } = {}) {
  const activePinia = pinia || createPinia();
  setActivePinia(activePinia);
  const i18n = createAppI18n(locale, { en: english });
  const r = router || makeRouter();
  await r.push(path);
  await r.isReady();
  const wrapper = mount(component, {
    props,
    attachTo: attach ? document.body : undefined,
    global: { plugins: [activePinia, i18n, r] },
  });
  await flushPromises();
  return { wrapper, router: r, pinia: activePinia, i18n };
}

// Element Plus renders dialogs and poppers into document.body.
export const $ = (selector) => document.body.querySelector(selector);
export const $$ = (selector) => [...document.body.querySelectorAll(selector)];

export async function typeInto(input, value) {
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('change'));
  input.dispatchEvent(new FocusEvent('blur'));
  await flushPromises();
}

// Element Plus debounces form-item error display by 100 ms.
export async function settle(ms = 150) {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, ms));
  await flushPromises();
}

export { flushPromises };
