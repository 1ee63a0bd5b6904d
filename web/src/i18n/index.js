import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import zhCNErrors from './errors/zh-CN.json';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'];
export const DEFAULT_LOCALE = 'zh-CN';
const STORAGE_KEY = 'lantian.locale';

function storedLocale() {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return SUPPORTED_LOCALES.includes(value) ? value : DEFAULT_LOCALE;
  } catch {
    // Private mode or storage disabled: fall back to Chinese, the users' language.
    return DEFAULT_LOCALE;
  }
}

// The languages loaded after start (the default is in the app's first chunk).
const loaders = { en: () => import('./english.js').then((m) => m.default) };
const loaded = new WeakMap(); // i18n instance → Set of locales whose texts it has

// `messages`: texts of other languages to hold from the start (tests pass the
// English ones; the app loads them with loadLocale).
export function createAppI18n(locale = storedLocale(), messages = {}) {
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    // Server error codes (src/core/error_codes.cpp) by code, see utils/errorCodes.js.
    messages: { 'zh-CN': { ...zhCN, errorCodes: zhCNErrors }, ...messages },
  });
  loaded.set(i18n, new Set([DEFAULT_LOCALE, ...Object.keys(messages)]));
  return i18n;
}

export const i18n = createAppI18n();

// Fetches a language's texts into `target` once (merged: a module's own
// texts, i18n/problems.js, may already be there).
export async function loadLocale(locale, target = i18n) {
  const have = loaded.get(target);
  if (!have || have.has(locale) || !loaders[locale]) return;
  target.global.mergeLocaleMessage(locale, await loaders[locale]());
  have.add(locale);
}

export async function setLocale(locale, target = i18n) {
  if (!SUPPORTED_LOCALES.includes(locale)) return;
  await loadLocale(locale, target);
  target.global.locale.value = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* the choice then lasts for this page only */
  }
  document.documentElement.lang = locale;
}
