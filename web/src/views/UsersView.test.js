import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { mountWithApp, settle, typeInto } from '../../tests/helpers.js';

vi.mock('../api/users.js', () => ({
  listUsers: vi.fn(),
  createUser: vi.fn(),
  updateUser: vi.fn(),
  disableUser: vi.fn(),
  enableUser: vi.fn(),
  resetUserPassword: vi.fn(),
}));
vi.mock('../api/units.js', () => ({ fetchUnitTree: vi.fn() }));
import { listUsers, resetUserPassword } from '../api/users.js';
import { fetchUnitTree } from '../api/units.js';
import { useAuthStore } from '../stores/auth.js';
import UsersView from './UsersView.vue';

function page(n, perPage = 20) {
  return Array.from({ length: perPage }, (_, i) => ({
    id: (n - 1) * perPage + i + 1,
    username: `user${(n - 1) * perPage + i + 1}`,
    name: `用户${i}`,
    unit_id: 1,
    unit_name: '区攻坚办',
    roles: ['unit_staff'],
    disabled: false,
    must_change_password: false,
    version: 1,
  }));
}

async function mountUsers(permissions = ['users.read', 'users.write']) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const auth = useAuthStore();
  auth.user = { id: 1, username: 'admin', name: '管理员' };
  auth.permissions = permissions;
  auth.loaded = true;
  return mountWithApp(UsersView, { pinia });
}

const lastQuery = () => listUsers.mock.calls.at(-1)[0];

describe('UsersView paging, filters and sort', () => {
  beforeEach(() => {
    listUsers.mockImplementation(async (q) => ({ items: page(q.page, q.per_page), total: 45, page: q.page, per_page: q.per_page }));
    fetchUnitTree.mockResolvedValue({ items: [{ id: 1, name: '区政府', kind: 'district_government', children: [] }] });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('loads the first page on open', async () => {
    const { wrapper } = await mountUsers();
    expect(listUsers).toHaveBeenCalledTimes(1);
    expect(lastQuery()).toEqual({ page: 1, per_page: 20 });
    expect(wrapper.text()).toContain('user1');
  });

  it('asks the server for page 2 when the pager is clicked', async () => {
    const { wrapper } = await mountUsers();
    const two = wrapper.findAll('.el-pager li.number').find((li) => li.text() === '2');
    await two.trigger('click');
    await settle(0);
    expect(lastQuery()).toEqual({ page: 2, per_page: 20 });
    expect(wrapper.text()).toContain('user21');
  });

  it('searches from page 1 with q after paging', async () => {
    const { wrapper } = await mountUsers();
    await wrapper.findAll('.el-pager li.number').find((li) => li.text() === '3').trigger('click');
    await settle(0);
    expect(lastQuery().page).toBe(3);
    const q = wrapper.find('input[data-test="users-q"]');
    await typeInto(q.element, '张三');
    await q.trigger('keyup', { key: 'Enter' });
    await settle(0);
    expect(lastQuery()).toEqual({ q: '张三', page: 1, per_page: 20 });
  });

  it('maps a column sort to the sort parameter', async () => {
    const { wrapper } = await mountUsers();
    wrapper.findComponent({ name: 'ElTable' }).vm.$emit('sort-change', { prop: 'unit_name', order: 'descending' });
    await settle(0);
    expect(lastQuery()).toEqual({ page: 1, per_page: 20, sort: '-unit' });
  });

  it('includes disabled users when the switch is on', async () => {
    const { wrapper } = await mountUsers();
    await wrapper.find('[data-test="users-include-disabled"]').trigger('click');
    await settle(0);
    expect(lastQuery()).toEqual({ page: 1, per_page: 20, include_disabled: true });
  });

  it('hides write actions without users.write', async () => {
    const { wrapper } = await mountUsers(['users.read']);
    expect(wrapper.find('[data-test="users-create"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('重置密码');
  });

  it('shows a reset password once with a copy button', async () => {
    resetUserPassword.mockResolvedValue({ initial_password: 'Xk7#pQ2m' });
    const { wrapper } = await mountUsers();
    const resetButton = wrapper.findAll('button').find((b) => b.text() === '重置密码');
    await resetButton.trigger('click');
    await settle();
    // Confirm in the message box (rendered into body).
    document.body.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle();
    expect(resetUserPassword).toHaveBeenCalledWith(1);
    const input = document.body.querySelector('input[data-test="initial-password"]');
    expect(input.value).toBe('Xk7#pQ2m');
    expect(document.body.querySelector('[data-test="copy-password"]')).not.toBeNull();
  });
});
