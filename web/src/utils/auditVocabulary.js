// Audit actions and entities the server writes (see the audit(...) calls in
// src/app/*.cpp). Used for the filter choices and for Chinese labels; values
// not listed here are still shown and can still be typed into the filters.
export const AUDIT_ENTITIES = ['unit', 'user', 'session', 'token'];
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'disable',
  'enable',
  'login',
  'logout',
  'login_failed',
  'lockout',
  'password_change',
  'password_reset',
  'token_create',
  'token_revoke',
];
