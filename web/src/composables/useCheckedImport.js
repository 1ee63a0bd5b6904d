import { ref } from 'vue';
import { useErrorMessage } from './useErrorMessage.js';

/**
 * An all-or-nothing import in three steps, as the registry's and the banned
 * list's import dialogs run it: 0 pick a file; 1 the server's check of it (a
 * dry run); 2 what the import wrote.
 *
 * const imp = useCheckedImport(send, { onImported })
 * send(file, dryRun) posts the file and resolves to the server's report.
 * imp.preview(): the dry run of imp.file; only the latest answer counts (an
 *   option such as the datum may change while one is under way).
 * imp.run(): the import; on success step 2, imp.result and onImported(result).
 *   A refusal that carries a report (rows in error since the check) shows
 *   that report again. Errors are translated into imp.error.
 * imp.reset(): back to step 0 with nothing picked.
 */
export function useCheckedImport(send, { onImported = null } = {}) {
  const describe = useErrorMessage();
  const step = ref(0);
  const file = ref(null);
  const report = ref(null);
  const result = ref(null);
  const busy = ref(false);
  const error = ref('');
  let seq = 0;

  function reset() {
    ++seq;
    step.value = 0;
    file.value = null;
    report.value = null;
    result.value = null;
    busy.value = false;
    error.value = '';
  }

  async function preview() {
    const mine = ++seq;
    busy.value = true;
    error.value = '';
    try {
      const res = await send(file.value, true);
      if (mine !== seq) return;
      report.value = res;
      step.value = 1;
    } catch (err) {
      if (mine !== seq) return;
      error.value = describe(err);
    } finally {
      if (mine === seq) busy.value = false;
    }
  }

  async function run() {
    const mine = ++seq;
    busy.value = true;
    error.value = '';
    try {
      const res = await send(file.value, false);
      if (mine !== seq) return;
      result.value = res;
      step.value = 2;
      if (onImported) onImported(res);
    } catch (err) {
      if (mine !== seq) return;
      if (err?.body?.report) report.value = err.body.report;
      error.value = describe(err);
    } finally {
      if (mine === seq) busy.value = false;
    }
  }

  return { step, file, report, result, busy, error, reset, preview, run };
}
