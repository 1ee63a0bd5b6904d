import { api } from './client.js';

const enc = encodeURIComponent;

export const listCampaigns = () => api.get('/api/v1/campaigns');
// The campaign with its work areas and their progress as of today.
export const getCampaign = (id) => api.get(`/api/v1/campaigns/${enc(id)}`);
export const createCampaign = (payload) => api.post('/api/v1/campaigns', payload);
export const updateCampaign = (id, version, changes) => api.patch(`/api/v1/campaigns/${enc(id)}`, { ...changes, version });
export const updateWorkArea = (id, version, changes) => api.patch(`/api/v1/work-areas/${enc(id)}`, { ...changes, version });
