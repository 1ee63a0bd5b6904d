import { defineStore } from 'pinia';
import { fetchUnitTree } from '../api/units.js';
import { loadOnce } from './loadOnce.js';

// The caller's visible unit tree, shared by the unit pickers of the users
// screen so one page does not fetch it several times. The org-units screen
// forces a reload after it changes something.
export const useUnitTreeStore = defineStore('unitTree', {
  state: () => ({ items: [], loaded: false, pending: null }),
  actions: {
    load({ force = false } = {}) {
      return loadOnce(this, async () => (await fetchUnitTree()).items || [], { force });
    },
  },
});
