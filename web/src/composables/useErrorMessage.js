import { ElMessage } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { formatDateTime } from '../utils/datetime.js';
import { GENERIC_CODES, localizeError } from '../utils/errorCodes.js';

// One sentence for the user from an ApiError, translated by its code (see
// utils/errorCodes.js). A 422 names its first field error, since "validation
// failed" alone does not help; generic codes fall back to the screen texts.
export function errorMessage(i18n, err) {
  const { t } = i18n;
  if (!err) return t('common.unknownError');
  if (err.status === 0) return t('common.networkError');
  if (err.code && !GENERIC_CODES.has(err.code)) return localizeError(i18n, err, formatDateTime);
  if (err.errors && err.errors.length) {
    return localizeError(i18n, err.errors[0], formatDateTime);
  }
  if (err.status === 409) return t('common.conflict');
  if (err.status === 403) return t('common.forbidden');
  if (err.status === 404) return t('common.notFound');
  if (err.code) return localizeError(i18n, err, formatDateTime);
  return err.detail || err.title || err.message || t('common.unknownError');
}

export function useErrorMessage() {
  const i18n = useI18n();
  return (err) => errorMessage(i18n, err);
}

// Translates one field error ({code, params, message}) from a 422.
export function useServerMessage() {
  const i18n = useI18n();
  return (item) => localizeError(i18n, item, formatDateTime);
}

/**
 * Splits a 422's field errors into those a form shows next to a field
 * (`shown(field)` true) and the rest, listed in the form's alert so no
 * server complaint is silently dropped. `localize` translates an entry.
 */
export function splitFieldErrors(err, shown, localize = (e) => e.message || '') {
  const fields = {};
  const others = [];
  for (const e of err.errors || []) {
    if (!e || !e.field) continue;
    const message = localize(e);
    if (shown(e.field)) {
      if (!(e.field in fields)) fields[e.field] = message;
    } else {
      others.push(message);
    }
  }
  return { fields, others };
}

// 401 and "password change required" already send the user to another page
// (see main.js); a toast on top would only repeat that.
export function isRedirectError(err) {
  return Boolean(err) && (err.status === 401 || (err.status === 403 && err.code === 'password_change_required'));
}

// Shows an error toast for a failed background action (load, toggle, …).
export function useErrorToast() {
  const i18n = useI18n();
  return (err, type = 'error') => {
    if (isRedirectError(err)) return;
    ElMessage({ type, message: errorMessage(i18n, err) });
  };
}
