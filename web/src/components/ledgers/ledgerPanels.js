// Panels a ledger type's list page shows above its rows, by type name: the
// emergency reduction list's reductions per alert level. Each is loaded with
// the page that shows it and takes {type, unitId} (the list's unit filter).
import { defineAsyncComponent } from 'vue';

export const ledgerPanels = {
  emergency_reduction_list: defineAsyncComponent(() => import('./ReductionPlanPanel.vue')),
};
