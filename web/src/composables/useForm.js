import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import { formatDateTime } from '../utils/datetime.js';
import { localizeError } from '../utils/errorCodes.js';
import { errorMessage, isRedirectError } from './useErrorMessage.js';

// The code of a 409 whose record was saved by someone else in between
// (src/core/error_codes.cpp): nothing changed, the screen reloads it.
export const STALE_VERSION = 'stale_version';

export const isStaleVersion = (err) => Boolean(err) && err.status === 409 && err.code === STALE_VERSION;

// `fields` option → a function from an API field name to the form's key for
// it (null: no form item shows it, so it is listed among the other errors).
function fieldKeyOf(fields) {
  if (fields === null || fields === undefined) return (f) => f;
  if (typeof fields === 'function') return (f) => (fields(f) === true ? f : fields(f) || null);
  if (fields instanceof RegExp) return (f) => (fields.test(f) ? f : null);
  const set = new Set(fields);
  return (f) => (set.has(f) ? f : null);
}

/**
 * The plumbing of a form that saves to the server: its model, a saving flag,
 * the server's complaints by field and one top-level message.
 *
 * useForm({
 *   initial: () => ({...}),   // the model's values; reset() assigns them again
 *   fields,                   // which API fields have a form item: a Set or
 *                             // array of names, a RegExp, or a function from
 *                             // the API's name to the form's key (true: the
 *                             // same, null: none). Default: every field.
 *   otherText: (e, text) => text,  // how an error without a form item reads
 *   check: (model) => ({field: message} | string | false | null),
 *                             // client-side checks after the el-form rules:
 *                             // messages by field, one top-level message, or
 *                             // false to stop quietly
 *   conflicts: {code: field | (err) => void},
 *                             // a 409 code shown on a field (username_taken →
 *                             // 'username'), or a hook run before its message
 *                             // is shown at the top
 *   onConflict: () => void,   // a stale version: reload the record
 *   message: (err) => string | undefined,  // a top-level text of one's own
 * })
 *
 * returns { model, formRef, saving, fieldErrors, error, otherErrors,
 *           conflict, reset, clearErrors, submit, fail }.
 *
 * submit(fn, {validate = true}) clears the errors, runs the el-form rules
 * (formRef, when bound) and `check`, sets `saving` while `await fn(model)`
 * runs, and resolves with {value} when it succeeded, null when it did not.
 * A failure (an ApiError, see api/client.js) is sorted by fail(err):
 * - errors[] (a 422 or 400): each entry translated by its code, next to its
 *   field when the form has one, else in `otherErrors`; with none of either
 *   the problem's own sentence goes to `error`;
 * - a 409 stale_version: a warning toast (common.conflict), `conflict` set,
 *   onConflict() called — the record is reloaded, nothing was changed;
 * - a 409 code listed in `conflicts`: on its field, or its hook runs;
 * - 401 and "password change required": nothing (main.js redirects);
 * - anything else: one sentence by its code in `error`.
 */
export function useForm({
  initial = () => ({}),
  fields = null,
  otherText = (_e, text) => text,
  check = null,
  conflicts = {},
  onConflict = null,
  message = null,
} = {}) {
  const i18n = useI18n();
  const keyOf = fieldKeyOf(fields);
  const model = reactive(initial());
  const formRef = ref(null);
  const saving = ref(false);
  const fieldErrors = reactive({});
  const error = ref('');
  const otherErrors = ref([]);
  const conflict = ref(false);

  function clearErrors() {
    for (const k of Object.keys(fieldErrors)) delete fieldErrors[k];
    error.value = '';
    otherErrors.value = [];
    conflict.value = false;
  }

  function reset() {
    Object.assign(model, initial());
    clearErrors();
    formRef.value?.clearValidate?.();
  }

  const localize = (item) => localizeError(i18n, item, formatDateTime);
  const describe = (err) => (message && message(err)) || errorMessage(i18n, err);

  function fail(err) {
    if (isRedirectError(err)) return;
    if (isStaleVersion(err)) {
      conflict.value = true;
      ElMessage.warning(i18n.t('common.conflict'));
      if (onConflict) onConflict(err);
      return;
    }
    const known = err && err.status === 409 && err.code ? conflicts[err.code] : undefined;
    if (typeof known === 'string') {
      fieldErrors[known] = describe(err);
      return;
    }
    if (typeof known === 'function') known(err);
    const others = [];
    for (const e of err?.errors || []) {
      if (!e) continue;
      const text = localize(e);
      const key = e.field ? keyOf(e.field) : null;
      if (key) {
        if (!(key in fieldErrors)) fieldErrors[key] = text;
      } else {
        others.push(otherText(e, text));
      }
    }
    otherErrors.value = others;
    if (!others.length && !Object.keys(fieldErrors).length) error.value = describe(err);
  }

  async function validate() {
    if (formRef.value && !(await formRef.value.validate().catch(() => false))) return false;
    const found = check ? check(model) : null;
    if (found === false) return false;
    if (typeof found === 'string') {
      error.value = found;
      return false;
    }
    if (found && Object.keys(found).length) {
      Object.assign(fieldErrors, found);
      return false;
    }
    return true;
  }

  async function submit(fn, { validate: runChecks = true } = {}) {
    clearErrors();
    if (runChecks && !(await validate())) return null;
    saving.value = true;
    try {
      return { value: await fn(model) };
    } catch (err) {
      fail(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { model, formRef, saving, fieldErrors, error, otherErrors, conflict, reset, clearErrors, submit, fail };
}
