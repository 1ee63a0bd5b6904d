import { defineStore } from 'pinia';
import { fetchUnitTree } from '../api/units.js';

// The caller's visible unit tree, shared by the unit pickers of the users
// screen so one page does not fetch it several times. The org-units screen
// forces a reload after it changes something.
export const useUnitTreeStore = defineStore('unitTree', {
  state: () => ({ items: [], loaded: false, loading: null }),
  actions: {
    async load({ force = false } = {}) {
      if (this.loaded && !force) return this.items;
      if (this.loading && !force) return this.loading;
      this.loading = fetchUnitTree()
        .then((res) => {
          this.items = res.items || [];
          this.loaded = true;
          return this.items;
        })
        .finally(() => {
          this.loading = null;
        });
      return this.loading;
    },
  },
});
