import { api } from './client.js';

// Login and "who am I" treat 401 as an answer, not as a reason to redirect.
export const login = (username, password) =>
  api.post('/api/v1/auth/login', { username, password }, { skipAuthRedirect: true });
export const fetchMe = () => api.get('/api/v1/auth/me', undefined, { skipAuthRedirect: true });
export const logout = () => api.post('/api/v1/auth/logout', undefined, { skipAuthRedirect: true });
// The change-password page is where a 403 password_change_required would send
// us, so this call must not redirect either.
export const changePassword = (currentPassword, newPassword) =>
  api.post(
    '/api/v1/auth/password',
    { current_password: currentPassword, new_password: newPassword },
    { skipAuthRedirect: true },
  );
