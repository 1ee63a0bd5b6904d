import { api } from './client.js';

export const listAudit = (query) => api.get('/api/v1/audit', query);
export const verifyAuditChain = () => api.get('/api/v1/audit/verify');
