import { onBeforeUnmount, reactive } from 'vue';
import { isTransient } from './useUploadQueue.js';

const PREFIX = 'lantian.import-job.';

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * A background import (a 202 answer's job) followed to its end without
 * holding up the page: `fetchJob(id)` is asked every `interval` ms (longer
 * after a failed request; a refusal such as import_job_not_found ends it as
 * failed) until the job's state is done or failed, then onDone(job) or
 * onFailed(job | error) runs. The job's id is kept in the tab's
 * sessionStorage under `key` until then, so the page picks it up again
 * after a reload or a visit elsewhere (resume()).
 *
 * const job = useImportJob(getLedgerImport, { key: () => `ledger.${type}`, onDone, onFailed })
 *
 * Returns reactive {id, state, total, processed, percent, running, start(id),
 * resume(), stop()}.
 */
export function useImportJob(fetchJob, { key, interval = 1000, onDone = () => {}, onFailed = () => {} } = {}) {
  let timer = null;
  let generation = 0;
  const job = reactive({
    id: '',
    state: '',
    total: 0,
    processed: 0,
    get running() {
      return Boolean(job.id) && job.state !== 'done' && job.state !== 'failed';
    },
    get percent() {
      return job.total > 0 ? Math.min(100, Math.floor((job.processed / job.total) * 100)) : 0;
    },
    start,
    resume,
    stop,
  });

  const storeKey = () => (key ? PREFIX + key() : '');
  function remember(id) {
    const k = storeKey();
    if (!k) return;
    try {
      if (id) storage()?.setItem(k, id);
      else storage()?.removeItem(k);
    } catch {
      /* the job is still followed while the page stays */
    }
  }

  function stop() {
    generation++;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  async function poll(mine, failures) {
    if (mine !== generation) return;
    let answer;
    try {
      answer = await fetchJob(job.id);
    } catch (err) {
      if (mine !== generation) return;
      if (isTransient(err)) {
        timer = setTimeout(() => poll(mine, failures + 1), interval * Math.min(10, 2 ** (failures + 1)));
        return;
      }
      job.state = 'failed';
      remember('');
      onFailed(err);
      return;
    }
    if (mine !== generation) return;
    job.state = answer.state;
    job.total = answer.total || 0;
    job.processed = answer.processed || 0;
    if (answer.state === 'done' || answer.state === 'failed') {
      remember('');
      if (answer.state === 'done') onDone(answer);
      else onFailed(answer);
      return;
    }
    timer = setTimeout(() => poll(mine, 0), interval);
  }

  function start(id, { total = 0 } = {}) {
    stop();
    job.id = id;
    job.state = 'queued';
    job.total = total;
    job.processed = 0;
    remember(id);
    poll(generation, 0);
  }

  /** Follows the job this page started before a reload, if any. */
  function resume() {
    const k = storeKey();
    let id = '';
    try {
      id = (k && storage()?.getItem(k)) || '';
    } catch {
      id = '';
    }
    if (id && id !== job.id) start(id);
    return Boolean(id);
  }

  onBeforeUnmount(stop);
  return job;
}
