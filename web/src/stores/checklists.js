import { defineStore } from 'pinia';
import { listChecklists } from '../api/inspections.js';

// The inspection checklists as the server declares them (GET
// /api/v1/checklists), loaded once per session: the inspection pages label
// a record's checklist and items by them (the form asks the server for the
// checklists of its target).
export const useChecklistsStore = defineStore('checklists', {
  state: () => ({ items: [], loaded: false, pending: null }),
  actions: {
    /** Loads the checklists unless loaded; resolves to the list, rejects with the ApiError. */
    async load() {
      if (this.loaded) return this.items;
      if (this.pending) return this.pending;
      this.pending = listChecklists()
        .then((res) => {
          this.items = res.items || [];
          this.loaded = true;
          return this.items;
        })
        .finally(() => {
          this.pending = null;
        });
      return this.pending;
    },
    /** A checklist by name (after load), or null. */
    checklist(name) {
      return this.items.find((c) => c.name === name) || null;
    },
  },
});
