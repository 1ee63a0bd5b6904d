import { api } from './client.js';

export const fetchUnitTree = () => api.get('/api/v1/units/tree');
export const listUnits = (query) => api.get('/api/v1/units', query);
export const getUnit = (id) => api.get(`/api/v1/units/${encodeURIComponent(id)}`);
export const createUnit = (payload) => api.post('/api/v1/units', payload);
// `version` must be the one the user started editing from: a stale one makes
// the server answer 409 without changing anything.
export const updateUnit = (id, version, changes) =>
  api.patch(`/api/v1/units/${encodeURIComponent(id)}`, { ...changes, version });
export const disableUnit = (id, version) => api.post(`/api/v1/units/${encodeURIComponent(id)}/disable`, { version });
export const enableUnit = (id, version) => api.post(`/api/v1/units/${encodeURIComponent(id)}/enable`, { version });
