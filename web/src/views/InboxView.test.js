import { afterEach, describe, expect, it, vi } from 'vitest';
import { $$, mountWithApp, settle } from '../../tests/helpers.js';

vi.mock('../api/notifications.js', () => ({
  listNotifications: vi.fn(),
  fetchUnreadCount: vi.fn(async () => ({ unread: 2 })),
  markNotificationRead: vi.fn(async () => null),
  markAllNotificationsRead: vi.fn(async () => null),
}));
vi.mock('../api/calendar.js', () => ({ getToday: vi.fn(async () => ({ date: '2017-12-20', now: '2017-12-20T01:00:00.000Z' })), getCalendarYear: vi.fn() }));
import { listNotifications, markNotificationRead } from '../api/notifications.js';
import InboxView from './InboxView.vue';

const note = (id, kind, extra) => ({ id, kind, task_id: null, problem_id: null, title: `标题${id}`, body: '', created_at: '2017-12-20T01:00:00Z', read_at: null, read: false, ...extra });

describe('InboxView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('opens a problem’s notice on the problem, a request to verify on the phone’s verification page', async () => {
    listNotifications.mockResolvedValue({
      items: [note(1, 'problem_assigned', { problem_id: 5 }), note(2, 'problem_verify', { problem_id: 6 }), note(3, 'task_assigned', { task_id: 9 })],
      total: 3,
    });
    const { router } = await mountWithApp(InboxView, { path: '/inbox' });
    router.addRoute({ path: '/problems/:id', name: 'problem', component: { template: '<div />' } });
    router.addRoute({ path: '/problems/:id/verify', name: 'problem-verify', component: { template: '<div />' } });
    await settle(0);
    const items = $$('[data-test="inbox-item"]');
    expect(items.map((i) => i.querySelector('.el-tag').textContent.trim())).toEqual(['督办交办', '待核查', '新任务']);
    expect(items[2].querySelector('[data-test="inbox-open-problem"]')).toBeNull();
    items[0].querySelector('[data-test="inbox-open-problem"]').click();
    await settle(0);
    expect(markNotificationRead).toHaveBeenCalledWith(1);
    expect(router.currentRoute.value.fullPath).toBe('/problems/5');
    items[1].querySelector('[data-test="inbox-open-problem"]').click();
    await settle(0);
    expect(router.currentRoute.value.fullPath).toBe('/problems/6/verify');
  });
});
