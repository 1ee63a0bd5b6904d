import { watch } from 'vue';

// Drafts live in this tab's sessionStorage: they survive a reload, a lost
// connection or leaving the page, and end with the tab. With `local` they
// live in localStorage instead and outlast the tab too (a field form whose
// tab the phone may close while the camera is open).
const PREFIX = 'lantian.draft.';

function storage(local = false) {
  try {
    return local ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}

/** The draft stored under `key`, or null. */
export function readDraft(key, { local = false } = {}) {
  try {
    const text = storage(local)?.getItem(PREFIX + key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function writeDraft(key, value, { local = false } = {}) {
  try {
    storage(local)?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the form still holds what was typed */
  }
}

export function clearDraft(key, { local = false } = {}) {
  try {
    storage(local)?.removeItem(PREFIX + key);
  } catch {
    /* nothing to clear */
  }
}

/**
 * Keeps what a form holds as a draft while `active()` is true: `snapshot()`
 * (plain JSON data) is written under `key()` whenever it changes, and the
 * draft is removed again when the snapshot is back to `pristine()` (what the
 * form holds untouched), so an opened-and-left form leaves none. The form
 * reads the draft back itself (readDraft) when it opens, and calls
 * clearDraft when the server took it. A field worker on a poor connection
 * loses nothing typed when a request fails or the page reloads.
 */
export function useDraft(key, snapshot, { active = () => true, pristine = null, local = false } = {}) {
  return watch(
    snapshot,
    (value) => {
      if (!active() || !key()) return;
      if (pristine && JSON.stringify(value) === JSON.stringify(pristine())) clearDraft(key(), { local });
      else writeDraft(key(), value, { local });
    },
    { deep: true },
  );
}
