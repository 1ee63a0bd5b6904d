import { defineStore } from 'pinia';
import { fetchUnreadCount, markAllNotificationsRead, markNotificationRead } from '../api/notifications.js';

export const POLL_INTERVAL_MS = 60_000;

// The unread-notification count behind the header's bell: asked every minute
// and on each route change. Failures keep the last known count; a server
// without the inbox (404) is not asked again until the page reloads.
export const useInboxStore = defineStore('inbox', {
  state: () => ({ unread: 0, available: true, timer: null, pending: null }),
  actions: {
    async refresh() {
      if (!this.available) return this.unread;
      if (this.pending) return this.pending;
      this.pending = fetchUnreadCount()
        .then((res) => {
          this.unread = Math.max(0, Number(res && res.unread) || 0);
          return this.unread;
        })
        .catch((err) => {
          if (err && err.status === 404) {
            this.available = false;
            this.stopPolling();
          }
          return this.unread;
        })
        .finally(() => {
          this.pending = null;
        });
      return this.pending;
    },
    startPolling(intervalMs = POLL_INTERVAL_MS) {
      this.stopPolling();
      this.refresh();
      this.timer = setInterval(() => this.refresh(), intervalMs);
    },
    stopPolling() {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    },
    async markRead(id) {
      await markNotificationRead(id);
      this.unread = Math.max(0, this.unread - 1);
    },
    async markAllRead() {
      await markAllNotificationsRead();
      this.unread = 0;
    },
    reset() {
      this.stopPolling();
      this.unread = 0;
      this.available = true;
    },
  },
});
