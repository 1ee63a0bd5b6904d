import { api } from './client.js';

const enc = encodeURIComponent;

export const listNotifications = (query) => api.get('/api/v1/notifications', query);
export const fetchUnreadCount = () => api.get('/api/v1/notifications/unread-count');
export const markNotificationRead = (id) => api.post(`/api/v1/notifications/${enc(id)}/read`, {});
export const markAllNotificationsRead = () => api.post('/api/v1/notifications/read-all', {});
