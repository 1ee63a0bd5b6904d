// Server errors come with a stable `code` and named `params` (the catalogue
// is src/core/error_codes.cpp, documented in docs/openapi.yaml). The texts
// for each code live in i18n/errors/<locale>.json, under `errorCodes.`; the
// web app translates by code and never parses the server's English.

import { unref } from 'vue';
import { workflowLabel } from '../stores/workflows.js';

// Parameters whose values are themselves codes the app can name: by i18n
// prefix, or as a workflow's state or action (labelled by the server's
// workflow definition; the `workflow` parameter names it when given).
const PARAM_VOCABULARY = { kind: 'unitKind', parent_kind: 'unitKind' };
const WORKFLOW_PARAMS = { status: 'state', action: 'action', from: 'state', to: 'state' };

/**
 * One sentence for a coded error: a problem body, an `errors[]` entry or an
 * import row error ({code, params, message}). `i18n` is {t, te, locale} (from
 * useI18n() or i18n.global); `formatTime` turns an ISO instant into the
 * display form. Without a known code the server's message is shown as is.
 */
export function localizeError(i18n, item, formatTime = (s) => s) {
  if (!item) return '';
  if (typeof item === 'string') return item;
  const { t, te } = i18n;
  const code = item.code || '';
  const params = { ...(item.params || {}) };
  if (!code || !te(`errorCodes.${code}`)) return item.message || item.detail || '';
  if (params.until) params.until = formatTime(params.until) || params.until;
  for (const [name, kind] of Object.entries(WORKFLOW_PARAMS)) {
    const label = workflowLabel(kind, params[name], unref(i18n.locale), params.workflow);
    if (label) params[name] = label;
  }
  for (const [name, namespace] of Object.entries(PARAM_VOCABULARY)) {
    const key = `${namespace}.${params[name]}`;
    if (params[name] && te(key)) params[name] = t(key);
  }
  let text = t(`errorCodes.${code}`, params);
  if (params.line && params.column) text = t('errorCodes._at_line_column', params) + text;
  else if (params.row && params.column) text = t('errorCodes._at_row_column', params) + text;
  return text;
}

// Generic codes say no more than the HTTP status: the screens have their
// own, friendlier sentences for those.
export const GENERIC_CODES = new Set([
  'bad_request',
  'validation_failed',
  'invalid',
  'forbidden',
  'not_found',
  'conflict',
  'internal',
]);
