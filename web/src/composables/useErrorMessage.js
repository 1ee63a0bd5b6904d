import { ElMessage } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { formatDateTime } from '../utils/datetime.js';
import { localizeServerMessage } from '../utils/serverMessages.js';

// One sentence for the user from an ApiError. The server's `detail` is
// preferred because it says what exactly went wrong (e.g. until when an
// account is locked); the generic texts cover errors without one.
export function errorMessage(t, err) {
  if (!err) return t('common.unknownError');
  if (err.status === 0) return t('common.networkError');
  if (err.status === 409 && !err.detail) return t('common.conflict');
  if (err.detail) return localizeServerMessage(t, err.detail, formatDateTime);
  if (err.status === 403) return t('common.forbidden');
  if (err.status === 404) return t('common.notFound');
  return err.title || err.message || t('common.unknownError');
}

export function useErrorMessage() {
  const { t } = useI18n();
  return (err) => errorMessage(t, err);
}

// Translates a single server field message (see utils/serverMessages.js).
export function useServerMessage() {
  const { t } = useI18n();
  return (message) => localizeServerMessage(t, message, formatDateTime);
}

/**
 * Splits a 422's field errors into those a form shows next to a field
 * (`shown(field)` true) and the rest, listed in the form's alert so no
 * server complaint is silently dropped. `localize` translates messages.
 */
export function splitFieldErrors(err, shown, localize = (m) => m) {
  const fields = {};
  const others = [];
  for (const e of err.errors || []) {
    if (!e || !e.field) continue;
    const message = localize(e.message || '');
    if (shown(e.field)) {
      if (!(e.field in fields)) fields[e.field] = message;
    } else {
      others.push(message);
    }
  }
  return { fields, others };
}

// 401 and "password change required" already send the user to another page
// (see main.js); a toast on top would only repeat that in server English.
export function isRedirectError(err) {
  return Boolean(err) && (err.status === 401 || (err.status === 403 && err.code === 'password_change_required'));
}

// Shows an error toast for a failed background action (load, toggle, …).
export function useErrorToast() {
  const { t } = useI18n();
  return (err, type = 'error') => {
    if (isRedirectError(err)) return;
    ElMessage({ type, message: errorMessage(t, err) });
  };
}
