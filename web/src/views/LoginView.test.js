import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { ApiError } from '../api/client.js';

vi.mock('../api/auth.js', () => ({
  login: vi.fn(),
  fetchMe: vi.fn(),
  logout: vi.fn(),
  changePassword: vi.fn(),
}));
import * as authApi from '../api/auth.js';
import LoginView from './LoginView.vue';

async function fillAndSubmit(wrapper, username, password) {
  // Element Plus puts extra attributes on the inner <input> of el-input.
  await typeInto(wrapper.find('input[data-test="username"]').element, username);
  await typeInto(wrapper.find('input[data-test="password"]').element, password);
  await wrapper.find('form').trigger('submit');
  await settle();
}

describe('LoginView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it("shows the server's problem detail, e.g. a locked account", async () => {
    authApi.login.mockRejectedValue(
      new ApiError({ status: 423, title: 'Locked', detail: '账号已锁定，请于 15:30 后再试' }),
    );
    const { wrapper } = await mountWithApp(LoginView);
    await fillAndSubmit(wrapper, 'zhangsan', 'wrong-password');
    expect(authApi.login).toHaveBeenCalledWith('zhangsan', 'wrong-password');
    const alert = wrapper.find('[data-test="login-error"]');
    expect(alert.exists()).toBe(true);
    expect(alert.text()).toContain('账号已锁定，请于 15:30 后再试');
    expect(alert.text()).toContain('账号已被锁定'); // localized headline for 423
  });

  it('says when the whole network address is blocked, not the account', async () => {
    authApi.login.mockRejectedValue(
      new ApiError({
        status: 423,
        title: 'Locked',
        detail: 'too many failed logins from your network address; try again after 2017-12-20 09:15:00 (UTC+8)',
        code: 'address_locked',
        params: { until: '2017-12-20 09:15:00 (UTC+8)' },
      }),
    );
    const { wrapper } = await mountWithApp(LoginView);
    await fillAndSubmit(wrapper, 'admin', 'wrong-password');
    const alert = wrapper.find('[data-test="login-error"]');
    expect(alert.text()).toContain('登录已被暂时限制');
    expect(alert.text()).toContain('您所在网络地址登录失败次数过多');
    expect(alert.text()).not.toContain('账号已被锁定');
  });

  it('does not call the server when fields are empty', async () => {
    const { wrapper } = await mountWithApp(LoginView);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(authApi.login).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('请输入用户名');
  });

  it('goes to the change-password page when the server demands it', async () => {
    authApi.login.mockResolvedValue({
      token: 't',
      csrf_token: 'c',
      user: { id: 1, username: 'zhangsan', name: '张三', must_change_password: true },
    });
    const { wrapper, router } = await mountWithApp(LoginView);
    await fillAndSubmit(wrapper, 'zhangsan', 'Init1al!pw');
    expect(router.currentRoute.value.name).toBe('change-password');
    expect(authApi.fetchMe).not.toHaveBeenCalled();
    expect($('[data-test="login-error"]')).toBeNull();
  });
});
