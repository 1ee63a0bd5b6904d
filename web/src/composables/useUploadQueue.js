import { computed, onBeforeUnmount, reactive } from 'vue';
import { useErrorMessage } from './useErrorMessage.js';

// A failure worth trying again by itself: no connection, a timeout, a busy or
// failing server. A refusal (wrong type, too large, not allowed) is not.
export const isTransient = (err) => !err || err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Files uploaded one request each as soon as they are picked, each retried on
 * its own: a transient failure is tried again after each of `delays` (ms),
 * then the item waits for retry(item); a poor connection costs one photo's
 * attempt, never what was typed around it.
 *
 * const queue = useUploadQueue((file, onProgress) => uploadX(id, file, onProgress), { delays: [1000, 3000] })
 *
 * With `held: true` the files picked wait (status 'waiting') until start():
 * for a record that does not exist yet (an inspection is filed first, its
 * photos after); start() uploads the waiting ones one after the other and
 * lets later picks go at once.
 *
 * Returns reactive {items, done, uploading, failed, waiting, add(fileList),
 * start(), retry(item), remove(item), restore(records), clear()}. An item:
 * {key, name, preview, status: 'waiting' | 'uploading' | 'done' | 'error',
 * progress (0..100), error (a sentence), attempts, file (the server's record
 * once stored)}. `done` are the stored records, in the order picked;
 * restore() puts records stored earlier (a draft) back as done items.
 */
export function useUploadQueue(uploadFn, { delays = [1000, 3000], held = false } = {}) {
  const describe = useErrorMessage();
  let seq = 0;
  const items = reactive([]);
  const blobs = new Map(); // key -> File (not reactive: large)
  let holding = held;

  const find = (key) => items.find((i) => i.key === key);

  function previewOf(file) {
    if (!/^image\//.test(file.type || '') || typeof URL === 'undefined' || !URL.createObjectURL) return '';
    try {
      return URL.createObjectURL(file);
    } catch {
      return '';
    }
  }

  async function attempt(key) {
    const blob = blobs.get(key);
    for (let n = 0; ; n++) {
      const item = find(key);
      if (!item || !blob) return;
      item.status = 'uploading';
      item.error = '';
      item.progress = 0;
      item.attempts += 1;
      try {
        const record = await uploadFn(blob, (p) => {
          const it = find(key);
          if (it) it.progress = Math.round(p * 100);
        });
        const done = find(key);
        if (!done) return;
        done.file = record;
        done.status = 'done';
        done.progress = 100;
        return;
      } catch (err) {
        const failed = find(key);
        if (!failed) return;
        if (isTransient(err) && n < delays.length) {
          await wait(delays[n]);
          continue;
        }
        failed.status = 'error';
        failed.error = describe(err);
        return;
      }
    }
  }

  function add(fileList) {
    const started = [];
    for (const file of Array.from(fileList || [])) {
      const key = ++seq;
      blobs.set(key, file);
      items.push({ key, name: file.name, preview: previewOf(file), status: holding ? 'waiting' : 'uploading', progress: 0, error: '', attempts: 0, file: null });
      if (!holding) started.push(attempt(key));
    }
    return Promise.all(started);
  }

  // The waiting files, one after the other; later picks upload at once.
  async function start() {
    holding = false;
    for (const item of items.filter((i) => i.status === 'waiting')) await attempt(item.key);
  }

  const retry = (item) => (item.status === 'error' ? attempt(item.key) : Promise.resolve());

  function remove(item) {
    const i = items.findIndex((x) => x.key === item.key);
    if (i < 0) return;
    if (items[i].preview) URL.revokeObjectURL?.(items[i].preview);
    blobs.delete(item.key);
    items.splice(i, 1);
  }

  function restore(records) {
    for (const file of records || []) {
      if (!file || items.some((i) => i.file?.id === file.id)) continue;
      items.push({ key: ++seq, name: file.filename, preview: '', status: 'done', progress: 100, error: '', attempts: 0, file });
    }
  }

  function clear() {
    for (const item of [...items]) remove(item);
  }

  onBeforeUnmount(clear);

  return reactive({
    items,
    done: computed(() => items.filter((i) => i.status === 'done').map((i) => i.file)),
    uploading: computed(() => items.some((i) => i.status === 'uploading')),
    failed: computed(() => items.filter((i) => i.status === 'error')),
    waiting: computed(() => items.filter((i) => i.status === 'waiting')),
    add,
    start,
    retry,
    remove,
    restore,
    clear,
  });
}
