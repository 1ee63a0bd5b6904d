import { watch } from 'vue';

// Drafts live in this tab's sessionStorage: they survive a reload, a lost
// connection or leaving the page, and end with the tab.
const PREFIX = 'lantian.draft.';

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The draft stored under `key`, or null. */
export function readDraft(key) {
  try {
    const text = storage()?.getItem(PREFIX + key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function writeDraft(key, value) {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the form still holds what was typed */
  }
}

export function clearDraft(key) {
  try {
    storage()?.removeItem(PREFIX + key);
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
export function useDraft(key, snapshot, { active = () => true, pristine = null } = {}) {
  return watch(
    snapshot,
    (value) => {
      if (!active() || !key()) return;
      if (pristine && JSON.stringify(value) === JSON.stringify(pristine())) clearDraft(key());
      else writeDraft(key(), value);
    },
    { deep: true },
  );
}
