import { useI18n } from 'vue-i18n';

// One sentence for the user from an ApiError. The server's `detail` is
// preferred because it says what exactly went wrong (e.g. "account locked
// until 15:30"); the generic texts cover errors without one.
export function errorMessage(t, err) {
  if (!err) return t('common.unknownError');
  if (err.status === 0) return t('common.networkError');
  if (err.status === 409 && !err.detail) return t('common.conflict');
  if (err.detail) return err.detail;
  if (err.status === 403) return t('common.forbidden');
  if (err.status === 404) return t('common.notFound');
  return err.title || err.message || t('common.unknownError');
}

export function useErrorMessage() {
  const { t } = useI18n();
  return (err) => errorMessage(t, err);
}
