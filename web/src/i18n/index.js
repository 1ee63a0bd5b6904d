import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';
import zhCNErrors from './errors/zh-CN.json';
import enErrors from './errors/en.json';

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

export function createAppI18n(locale = storedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    // Server error codes (src/core/error_codes.cpp) by code, see utils/errorCodes.js.
    messages: { 'zh-CN': { ...zhCN, errorCodes: zhCNErrors }, en: { ...en, errorCodes: enErrors } },
  });
}

export const i18n = createAppI18n();

export function setLocale(locale, target = i18n) {
  if (!SUPPORTED_LOCALES.includes(locale)) return;
  target.global.locale.value = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* the choice then lasts for this page only */
  }
  document.documentElement.lang = locale;
}
