import { api } from './client.js';

const enc = encodeURIComponent;

// A workflow definition as data: {name, initial, states: [{name, label,
// color, open, done, frozen}], actions: [{name, label, from, to,
// note_required, evidence}]}; labels are {locale: text}.
export const getWorkflow = (name) => api.get(`/api/v1/workflows/${enc(name)}`);
