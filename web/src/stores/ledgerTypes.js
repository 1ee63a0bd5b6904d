import { defineStore } from 'pinia';
import { listLedgerTypes } from '../api/ledgers.js';
import { loadOnce } from './loadOnce.js';
import { useWorkflowsStore } from './workflows.js';

// The ledger types (台账) as the server declares them (GET
// /api/v1/ledger-types), loaded once per session: the list, form, detail and
// map pages are all rendered from them. Each type brings its workflow's
// definition, which is handed to the workflows store so status tags, action
// buttons and history timelines read it from there like any other workflow.
export const useLedgerTypesStore = defineStore('ledgerTypes', {
  state: () => ({
    items: [],
    loaded: false,
    pending: null,
  }),
  getters: {
    byName: (state) => Object.fromEntries(state.items.map((t) => [t.name, t])),
  },
  actions: {
    /** Loads the types unless loaded; resolves to the list, rejects with the ApiError. */
    load() {
      return loadOnce(this, async () => {
        const items = (await listLedgerTypes()).items || [];
        const workflows = useWorkflowsStore();
        for (const t of items) workflows.put(t.workflow, t.workflow_definition);
        return items;
      });
    },
    /** One type by name (after load), or null. */
    type(name) {
      return this.byName[name] || null;
    },
  },
});
