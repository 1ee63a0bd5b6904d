// A module's own texts, loaded with its pages rather than with the app's
// first screen (see i18n/problems.js): useModuleI18n(messages) is useI18n()
// with `messages` ({'zh-CN': {...}, en: {...}}) merged into the app's
// messages once per i18n instance.
import { useI18n } from 'vue-i18n';

const merged = new WeakMap(); // composer → Set of merged message objects

/** The app's composer (useI18n()) with the module's texts merged in. */
export function useModuleI18n(messages) {
  const composer = useI18n({ useScope: 'global' });
  if (!merged.has(composer)) merged.set(composer, new Set());
  const have = merged.get(composer);
  if (!have.has(messages)) {
    for (const [locale, texts] of Object.entries(messages)) composer.mergeLocaleMessage(locale, texts);
    have.add(messages);
  }
  return composer;
}
