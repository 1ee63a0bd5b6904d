import { api } from './client.js';

const enc = encodeURIComponent;

export const listCampaigns = () => api.get('/api/v1/campaigns');
// The campaign with its work areas and their progress as of today.
export const getCampaign = (id) => api.get(`/api/v1/campaigns/${enc(id)}`);
export const createCampaign = (payload) => api.post('/api/v1/campaigns', payload);
export const updateCampaign = (id, version, changes) => api.patch(`/api/v1/campaigns/${enc(id)}`, { ...changes, version });
export const updateWorkArea = (id, version, changes) => api.patch(`/api/v1/work-areas/${enc(id)}`, { ...changes, version });
// A campaign workflow action (activate, close, reopen: as the campaign's
// `actions` allow); answers with the overview.
export const runCampaignAction = (id, action, version, note) =>
  api.post(`/api/v1/campaigns/${enc(id)}/actions/${enc(action)}`, note ? { version, note } : { version });
// The campaign's workflow history, oldest first: {items: [{id, action, from,
// to, actor: {id, name} | null, at, note, evidence}]}.
export const listCampaignEvents = (id) => api.get(`/api/v1/campaigns/${enc(id)}/events`);
