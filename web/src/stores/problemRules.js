import { defineStore } from 'pinia';
import { getProblemRules } from '../api/problems.js';
import { loadOnce } from './loadOnce.js';
import { labelIn } from './workflows.js';

// The supervision problem loop's rules as the server declares them (GET
// /api/v1/problem-rules, from resources/problems.toml): the sources with their
// number formats, the types with their work areas, the escalation ladder,
// the duplicate radius and the photo distance limit. Loaded once per session;
// the problem pages label sources and types by it and build their selects
// from it (nothing here knows a source or a type by name).
export const useProblemRulesStore = defineStore('problemRules', {
  state: () => ({ items: null, loaded: false, pending: null }),
  getters: {
    sources: (s) => s.items?.sources || [],
    types: (s) => s.items?.types || [],
    escalation: (s) => s.items?.escalation || [],
    dispositions: (s) => s.items?.dispositions || [],
    deadlineKinds: (s) => s.items?.deadline_kinds || [],
    photoMaxDistance: (s) => s.items?.photo_max_distance_m ?? null,
  },
  actions: {
    /** Loads the rules unless loaded; resolves to them, rejects with the ApiError. */
    load() {
      return loadOnce(this, () => getProblemRules());
    },
    /** A source's label in `locale` (its code while unknown). */
    sourceLabel(name, locale) {
      return labelIn(this.sources.find((s) => s.name === name)?.label, locale, name || '');
    },
    /** A type's label in `locale` (its code while unknown). */
    typeLabel(name, locale) {
      return labelIn(this.types.find((s) => s.name === name)?.label, locale, name || '');
    },
  },
});
