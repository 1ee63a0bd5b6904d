import { defineStore } from 'pinia';
import { listChecklists } from '../api/inspections.js';
import { loadOnce } from './loadOnce.js';

// The inspection checklists as the server declares them (GET
// /api/v1/checklists), loaded once per session: the inspection pages label
// a record's checklist and items by them (the form asks the server for the
// checklists of its target).
export const useChecklistsStore = defineStore('checklists', {
  state: () => ({ items: [], loaded: false, pending: null }),
  actions: {
    /** Loads the checklists unless loaded; resolves to the list, rejects with the ApiError. */
    load() {
      return loadOnce(this, async () => (await listChecklists()).items || []);
    },
    /** A checklist by name (after load), or null. */
    checklist(name) {
      return this.items.find((c) => c.name === name) || null;
    },
  },
});
