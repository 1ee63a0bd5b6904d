import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useWorkflowsStore } from '../stores/workflows.js';

/**
 * One workflow's definition for a screen, in the UI language: loads it (once
 * per session) and gives labels, colours and flags of its states and actions.
 * Until the definition arrives labels are the codes and flags unknown (null
 * state); a failed load is retried by the next screen that asks. `loaded`
 * resolves to the definition (rejects if it could not be loaded).
 */
export function useWorkflow(name) {
  const store = useWorkflowsStore();
  const { locale } = useI18n();
  const loaded = store.load(name);
  loaded.catch(() => {});
  const def = computed(() => store.defs[name] || null);
  return {
    def,
    loaded,
    ready: computed(() => Boolean(def.value)),
    states: computed(() => def.value?.states || []),
    state: (s) => store.state(name, s),
    action: (a) => store.action(name, a),
    stateLabel: (s) => store.stateLabel(name, s, locale.value),
    actionLabel: (a) => store.actionLabel(name, a, locale.value),
    stateColor: (s) => store.stateColor(name, s),
    actionsOf: (allowed) => store.actionsOf(name, allowed),
    stateNames: (test) => store.stateNames(name, test),
  };
}
