import { defineStore } from 'pinia';
import * as authApi from '../api/auth.js';

// Who is logged in, what they may do, and the CSRF token for writes.
// The session itself is an HttpOnly cookie the page cannot read, so after a
// reload the state is rebuilt from GET /api/v1/auth/me.
export const useAuthStore = defineStore('auth', {
  state: () => ({
    user: null,
    csrfToken: '',
    permissions: [],
    scopeUnitId: null,
    // The module to open after login, named by the server for the user's role.
    startPage: '',
    // 'all' (district-wide) or 'subtree' (the user's unit and below).
    scope: '',
    // True once we asked the server who we are (successfully or not), so the
    // router guard asks only once per page load.
    loaded: false,
    // Set when the server says the password must be changed before anything
    // else works; the router keeps the user on the change-password page.
    mustChangePassword: false,
  }),
  getters: {
    isLoggedIn: (s) => Boolean(s.user),
    can: (s) => (permission) => s.permissions.includes(permission),
  },
  actions: {
    applyMe(me) {
      this.user = me.user || null;
      if (me.csrf_token) this.csrfToken = me.csrf_token;
      this.permissions = Array.isArray(me.permissions) ? me.permissions : [];
      this.scopeUnitId = me.scope_unit_id ?? null;
      this.scope = me.scope || '';
      this.startPage = me.start_page || '';
      this.mustChangePassword = Boolean(me.user && me.user.must_change_password);
    },
    async login(username, password) {
      const result = await authApi.login(username, password);
      this.user = result.user;
      this.csrfToken = result.csrf_token || '';
      this.mustChangePassword = Boolean(result.user && result.user.must_change_password);
      this.loaded = true;
      if (!this.mustChangePassword) await this.refresh();
      return result;
    },
    // Loads permissions; a 401 means "not logged in" and is not an error here.
    async refresh() {
      try {
        this.applyMe(await authApi.fetchMe());
      } catch (err) {
        if (err.status === 401) {
          this.clear();
        } else if (err.status === 403 && err.code === 'password_change_required') {
          this.mustChangePassword = true;
        } else {
          throw err;
        }
      } finally {
        this.loaded = true;
      }
    },
    async ensureLoaded() {
      if (!this.loaded) await this.refresh();
    },
    async changePassword(current, next) {
      await authApi.changePassword(current, next);
      this.mustChangePassword = false;
      if (this.user) this.user = { ...this.user, must_change_password: false };
      await this.refresh();
    },
    async logout() {
      try {
        await authApi.logout();
      } finally {
        this.clear();
      }
    },
    clear() {
      this.user = null;
      this.csrfToken = '';
      this.permissions = [];
      this.scopeUnitId = null;
      this.scope = '';
      this.startPage = '';
      this.mustChangePassword = false;
      this.loaded = true;
    },
  },
});
