import { api } from './client.js';

export const listUsers = (query) => api.get('/api/v1/users', query);
export const getUser = (id) => api.get(`/api/v1/users/${encodeURIComponent(id)}`);
export const createUser = (payload) => api.post('/api/v1/users', payload);
export const updateUser = (id, version, changes) =>
  api.patch(`/api/v1/users/${encodeURIComponent(id)}`, { ...changes, version });
export const disableUser = (id, version) => api.post(`/api/v1/users/${encodeURIComponent(id)}/disable`, { version });
export const enableUser = (id, version) => api.post(`/api/v1/users/${encodeURIComponent(id)}/enable`, { version });
export const resetUserPassword = (id) => api.post(`/api/v1/users/${encodeURIComponent(id)}/reset-password`, {});
