import { useErrorToast } from './useErrorMessage.js';

/**
 * Requests of which only the latest may fill the screen: answers can arrive
 * out of order when someone pages or filters quickly, and an older one must
 * not overwrite a newer one (usePagedList, useCursorList).
 *
 * const run = useLatestRequest(state, { onError })
 * run(request, apply, settle): awaits request(); if no later run() started
 * meanwhile, apply(answer) and state.error = null, or on failure state.error
 * = err and onError(err) (default: an error toast); settle() then runs for
 * the latest run only (to clear its loading flags).
 */
export function useLatestRequest(state, { onError = null } = {}) {
  const toast = onError ? null : useErrorToast();
  let seq = 0;
  return async function run(request, apply, settle) {
    const mine = ++seq;
    try {
      const res = await request();
      if (mine !== seq) return;
      apply(res);
      state.error = null;
    } catch (err) {
      if (mine !== seq) return;
      state.error = err;
      if (onError) onError(err);
      else toast(err);
    } finally {
      if (mine === seq) settle();
    }
  };
}
