import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { flushPromises, mountWithApp } from '../../tests/helpers.js';

vi.mock('../api/notifications.js', () => ({
  fetchUnreadCount: vi.fn(),
  markNotificationRead: vi.fn(),
  markAllNotificationsRead: vi.fn(),
  listNotifications: vi.fn(),
}));
vi.mock('../api/auth.js', () => ({ logout: vi.fn(), fetchMe: vi.fn(), login: vi.fn(), changePassword: vi.fn() }));
import { fetchUnreadCount, markAllNotificationsRead, markNotificationRead } from '../api/notifications.js';
import { ApiError } from '../api/client.js';
import { POLL_INTERVAL_MS, useInboxStore } from './inbox.js';
import AppHeader from '../layouts/AppHeader.vue';

describe('inbox store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    fetchUnreadCount.mockResolvedValue({ unread: 3 });
    markNotificationRead.mockResolvedValue(null);
    markAllNotificationsRead.mockResolvedValue(null);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.clearAllMocks();
  });

  it('loads the unread count', async () => {
    const inbox = useInboxStore();
    expect(await inbox.refresh()).toBe(3);
    expect(inbox.unread).toBe(3);
  });

  it('asks once at start and then every 60 seconds until stopped', async () => {
    vi.useFakeTimers();
    const inbox = useInboxStore();
    inbox.startPolling();
    await flushPromises();
    expect(fetchUnreadCount).toHaveBeenCalledTimes(1);
    expect(POLL_INTERVAL_MS).toBe(60000);
    fetchUnreadCount.mockResolvedValue({ unread: 5 });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(fetchUnreadCount).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchUnreadCount).toHaveBeenCalledTimes(2);
    expect(inbox.unread).toBe(5);
    inbox.stopPolling();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(fetchUnreadCount).toHaveBeenCalledTimes(2);
  });

  it('shares one request between simultaneous refreshes', async () => {
    const inbox = useInboxStore();
    await Promise.all([inbox.refresh(), inbox.refresh()]);
    expect(fetchUnreadCount).toHaveBeenCalledTimes(1);
  });

  it('counts down on read and to zero on read-all', async () => {
    const inbox = useInboxStore();
    await inbox.refresh();
    await inbox.markRead(17);
    expect(markNotificationRead).toHaveBeenCalledWith(17);
    expect(inbox.unread).toBe(2);
    await inbox.markAllRead();
    expect(inbox.unread).toBe(0);
  });

  it('keeps the last count on a network error and stops asking a server without an inbox', async () => {
    vi.useFakeTimers();
    const inbox = useInboxStore();
    await inbox.refresh();
    fetchUnreadCount.mockRejectedValue(new ApiError({ status: 0, title: 'network' }));
    await inbox.refresh();
    expect(inbox.unread).toBe(3);
    expect(inbox.available).toBe(true);

    fetchUnreadCount.mockRejectedValue(new ApiError({ status: 404, title: 'Not Found' }));
    inbox.startPolling();
    await flushPromises();
    expect(inbox.available).toBe(false);
    const calls = fetchUnreadCount.mock.calls.length;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(fetchUnreadCount.mock.calls.length).toBe(calls);
  });
});

describe('header unread badge', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows the unread count and opens the inbox', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const inbox = useInboxStore();
    inbox.unread = 0;
    const { wrapper, router } = await mountWithApp(AppHeader, { pinia });
    const badge = () => wrapper.find('[data-test="inbox-badge"] .el-badge__content');
    expect(badge().exists() ? badge().isVisible() : false).toBe(false);
    inbox.unread = 12;
    await flushPromises();
    expect(badge().text()).toBe('12');
    inbox.unread = 150;
    await flushPromises();
    expect(badge().text()).toBe('99+');
    await wrapper.find('[data-test="inbox-button"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('inbox');
  });
});
