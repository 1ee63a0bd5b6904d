import { createApp } from 'vue';
import { createPinia } from 'pinia';
// Element Plus is imported per component where a template uses it (see
// vite.config.js); here only its base styles (CSS variables, resets) and the
// styles of the services the code calls directly (ElMessage, ElMessageBox).
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';

import App from './App.vue';
import './styles.css';
import { i18n, loadLocale } from './i18n/index.js';
import { createAppRouter } from './router/index.js';
import { useAuthStore } from './stores/auth.js';
import { configureApiClient } from './api/client.js';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter();
// Start loading the first screen's code now: the router resolves lazy views
// only after its guard has asked the server who we are (GET /auth/me), and
// on a slow mobile link those would be round trips in a row.
for (const record of router.resolve(window.location.pathname + window.location.search).matched) {
  const view = record.components?.default;
  if (typeof view === 'function') view().catch(() => {}); // the router reports a failure itself
}
app.use(router);
app.use(i18n);

const auth = useAuthStore();
configureApiClient({
  getCsrfToken: () => auth.csrfToken,
  // Session expired or revoked: forget who we were and ask again.
  onUnauthorized: () => {
    auth.clear();
    const current = router.currentRoute.value;
    if (current.name !== 'login') router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
  },
  onPasswordChangeRequired: () => {
    auth.mustChangePassword = true;
    router.push({ name: 'change-password' });
  },
});

document.documentElement.lang = i18n.global.locale.value;
// A reader who chose English gets its texts before the first screen.
loadLocale(i18n.global.locale.value)
  .catch(() => {}) // offline: the Chinese texts stand in (the fallback)
  .finally(() => app.mount('#app'));
