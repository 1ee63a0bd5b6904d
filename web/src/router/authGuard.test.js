import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

vi.mock('../api/auth.js', () => ({ fetchMe: vi.fn(), login: vi.fn(), logout: vi.fn(), changePassword: vi.fn() }));
import { fetchMe } from '../api/auth.js';
import { ApiError } from '../api/client.js';
import { authGuard, routes } from './index.js';

const to = (name, extra = {}) => ({ name, fullPath: `/${name}`, meta: {}, ...extra });
const me = (permissions, user = {}) => ({
  user: { id: 1, username: 'u', must_change_password: false, ...user },
  csrf_token: 'c',
  permissions,
  scope_unit_id: 1,
});

describe('router auth guard', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    fetchMe.mockReset();
  });

  it('sends anonymous users to login, remembering where they wanted to go', async () => {
    fetchMe.mockRejectedValue(new ApiError({ status: 401 }));
    expect(await authGuard(to('users', { meta: { permission: 'users.read' } }))).toEqual({
      name: 'login',
      query: { redirect: '/users' },
    });
  });

  it('blocks a module without its permission', async () => {
    fetchMe.mockResolvedValue(me(['units.read']));
    expect(await authGuard(to('audit', { meta: { permission: 'audit.read' } }))).toEqual({ name: 'forbidden' });
    expect(await authGuard(to('units', { meta: { permission: 'units.read' } }))).toBe(true);
    expect(fetchMe).toHaveBeenCalledTimes(1);
  });

  it('opens the first permitted module from the start page', async () => {
    fetchMe.mockResolvedValue(me(['users.read']));
    expect(await authGuard(to('home'))).toEqual({ name: 'users' });
  });

  it('starts campaign users on the start page and everyone else at least in the inbox', async () => {
    fetchMe.mockResolvedValue(me(['tasks.read', 'units.read']));
    expect(await authGuard(to('home'))).toEqual({ name: 'dashboard' });
    setActivePinia(createPinia());
    fetchMe.mockResolvedValue(me([]));
    expect(await authGuard(to('home'))).toEqual({ name: 'inbox' });
  });

  it('opens the start page the server names for the role, if the user may open it', async () => {
    fetchMe.mockResolvedValue({ ...me(['tasks.read', 'units.read']), start_page: 'overdue' });
    expect(await authGuard(to('home'))).toEqual({ name: 'overdue' });
    setActivePinia(createPinia());
    fetchMe.mockResolvedValue({ ...me(['tasks.read']), start_page: 'my-tasks' });
    expect(await authGuard(to('home'))).toEqual({ name: 'my-tasks' });
    // A start page the permissions do not open (or an unknown one) is ignored.
    setActivePinia(createPinia());
    fetchMe.mockResolvedValue({ ...me(['units.read']), start_page: 'overdue' });
    expect(await authGuard(to('home'))).toEqual({ name: 'units' });
    setActivePinia(createPinia());
    fetchMe.mockResolvedValue({ ...me(['tasks.read']), start_page: 'supervision' });
    expect(await authGuard(to('home'))).toEqual({ name: 'dashboard' });
  });

  it('opens 今日督查 for the inspection team as its start page, and to any reader of problems', async () => {
    fetchMe.mockResolvedValue({ ...me(['tasks.read', 'problems.read', 'problems.register']), start_page: 'inspector' });
    expect(await authGuard(to('home'))).toEqual({ name: 'inspector' });
    // Not in a viewer's sidebar, but the page opens for a reader.
    setActivePinia(createPinia());
    fetchMe.mockResolvedValue(me(['tasks.read', 'problems.read']));
    const inspector = routes.find((r) => r.children)?.children.find((r) => r.name === 'inspector');
    expect(inspector.meta).toEqual({ permission: 'problems.read' });
    expect(await authGuard(to('inspector', { meta: inspector.meta }))).toBe(true);
  });

  it('keeps a user who must change the password on that page', async () => {
    fetchMe.mockResolvedValue(me(['units.read'], { must_change_password: true }));
    expect(await authGuard(to('units', { meta: { permission: 'units.read' } }))).toEqual({ name: 'change-password' });
    expect(await authGuard(to('change-password'))).toBe(true);
  });

  it('treats 403 password_change_required from /auth/me the same way', async () => {
    fetchMe.mockRejectedValue(new ApiError({ status: 403, code: 'password_change_required' }));
    expect(await authGuard(to('users', { meta: { permission: 'users.read' } }))).toEqual({ name: 'change-password' });
  });
});
