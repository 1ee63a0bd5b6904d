import { defineStore, getActivePinia } from 'pinia';
import { getWorkflow } from '../api/workflows.js';
import { DEFAULT_LOCALE } from '../i18n/index.js';

// Workflow definitions as the server serves them (GET /api/v1/workflows/{name}):
// each workflow's states with their labels, colours and flags (open: work
// still to do; done: the work is finished; frozen: the record no longer
// changes) and its actions with labels, from/to states and whether a note is
// required. Loaded once per name and kept for the session. The web app reads
// every status label, colour and status fact from here; which actions a user
// may take on a record comes with the record itself (`actions`).

/** The text of a server label ({"zh-CN": …, "en": …} or a plain string) in `locale`. */
export function labelIn(label, locale, fallback = '') {
  if (label === null || label === undefined) return fallback;
  if (typeof label === 'string') return label;
  return label[locale] || label[DEFAULT_LOCALE] || Object.values(label).find(Boolean) || fallback;
}

function indexed(def) {
  const states = Array.isArray(def?.states) ? def.states : [];
  const actions = Array.isArray(def?.actions) ? def.actions : [];
  return {
    ...def,
    states,
    actions,
    stateByName: Object.fromEntries(states.map((s) => [s.name, s])),
    actionByName: Object.fromEntries(actions.map((a) => [a.name, a])),
  };
}

/**
 * The label of a workflow state (kind 'state') or action ('action') code from
 * the definitions loaded so far, for code outside components (error
 * parameters, audit values); '' when no loaded workflow knows the code.
 */
export function workflowLabel(kind, code, locale, workflow = '') {
  if (!code || !getActivePinia()) return '';
  return useWorkflowsStore().findLabel(kind, code, locale, workflow);
}

export const useWorkflowsStore = defineStore('workflows', {
  state: () => ({
    // name -> definition (with stateByName/actionByName)
    defs: {},
    // name -> the load under way
    pending: {},
    // name -> true when the last load failed (the screens then show codes)
    failed: {},
  }),
  actions: {
    /** Loads a definition unless loaded; resolves to it, rejects with the ApiError. */
    async load(name) {
      if (this.defs[name]) return this.defs[name];
      if (this.pending[name]) return this.pending[name];
      this.pending[name] = getWorkflow(name)
        .then((def) => {
          this.defs[name] = indexed(def);
          delete this.failed[name];
          return this.defs[name];
        })
        .catch((err) => {
          // Not cached: a later screen asks again.
          this.failed[name] = true;
          throw err;
        })
        .finally(() => {
          delete this.pending[name];
        });
      return this.pending[name];
    },
    /**
     * Keeps a definition the server sent with something else (a ledger type
     * carries its workflow's), so screens need not ask for it again.
     */
    put(name, def) {
      if (!name || !def) return;
      this.defs[name] = indexed(def);
      delete this.failed[name];
    },
    /** Loads several definitions; failures are left to the screens' fallbacks. */
    async loadAll(names) {
      await Promise.all(names.map((n) => this.load(n).catch(() => null)));
    },
    def(name) {
      return this.defs[name] || null;
    },
    /** A state of a workflow ({name, label, color, open, done, frozen}) or null. */
    state(name, stateName) {
      return this.defs[name]?.stateByName[stateName] || null;
    },
    /** An action of a workflow ({name, label, from, to, note_required, evidence}) or null. */
    action(name, actionName) {
      return this.defs[name]?.actionByName[actionName] || null;
    },
    /** A state's label in `locale`; the state's code while the definition is unknown. */
    stateLabel(name, stateName, locale) {
      return labelIn(this.state(name, stateName)?.label, locale, stateName || '');
    },
    /** An action's label in `locale`; the action's code while the definition is unknown. */
    actionLabel(name, actionName, locale) {
      return labelIn(this.action(name, actionName)?.label, locale, actionName || '');
    },
    /** A state's colour ('#rrggbb') or '' when unknown. */
    stateColor(name, stateName) {
      return this.state(name, stateName)?.color || '';
    },
    /**
     * The workflow actions among a record's allowed `actions`, in the
     * definition's order (the record's other operations, such as edit, are
     * left out).
     */
    actionsOf(name, allowed) {
      const set = new Set(allowed || []);
      return (this.defs[name]?.actions || []).filter((a) => set.has(a.name));
    },
    /** The names of the states for which `test(state)` holds (e.g. s => !s.frozen). */
    stateNames(name, test = () => true) {
      return (this.defs[name]?.states || []).filter(test).map((s) => s.name);
    },
    /**
     * A label for a state or action code in whichever loaded workflow knows
     * it (error parameters and audit values name a code, not its workflow);
     * '' when none does.
     */
    findLabel(kind, code, locale, workflow = '') {
      const names = workflow ? [workflow] : Object.keys(this.defs);
      for (const n of names) {
        const item = kind === 'action' ? this.action(n, code) : this.state(n, code);
        if (item) return labelIn(item.label, locale, code);
      }
      return '';
    },
  },
});
