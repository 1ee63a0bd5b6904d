import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../i18n/index.js';
import { formatDateTime } from './datetime.js';
import { localizeServerMessage } from './serverMessages.js';

const { t } = createAppI18n('zh-CN').global;
const L = (m) => localizeServerMessage(t, m, formatDateTime);

describe('server message localization', () => {
  it('translates known field messages', () => {
    expect(L('is required')).toBe('必填');
    expect(L('is wrong')).toBe('当前密码不正确');
    expect(L('must be at least 8 characters')).toBe('至少 8 个字符');
    expect(L('must be 6, 9 or 12 digits (GB/T 2260)')).toBe('行政区划代码应为 6、9 或 12 位数字');
  });
  it('shows the lock time in Beijing time', () => {
    expect(L('too many failed logins; the account is locked until 2026-11-30T07:50:12.916Z')).toBe(
      '登录失败次数过多，账号已锁定至 2026-11-30 15:50:12',
    );
  });
  it('keeps a lock time the server already gives in Beijing time', () => {
    expect(L('too many failed logins; the account is locked until 2026-11-30 15:50:12 (UTC+8)')).toBe(
      '登录失败次数过多，账号已锁定至 2026-11-30 15:50:12',
    );
  });
  it('passes unknown messages through unchanged', () => {
    expect(L('something new')).toBe('something new');
    expect(L('')).toBe('');
  });
});
