import { afterEach, describe, expect, it } from 'vitest';
import { mountWithApp } from '../../tests/helpers.js';
import AppSidebarMenu from './AppSidebarMenu.vue';

const labels = (wrapper) => wrapper.findAll('.el-menu-item').map((i) => i.text());

describe('AppSidebarMenu', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists only the modules the permissions allow', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, { props: { permissions: ['units.read', 'users.read'] } });
    expect(labels(wrapper)).toEqual(['消息中心', '组织机构', '用户管理']);
    expect(wrapper.find('[data-test="nav-audit"]').exists()).toBe(false);
  });

  it('shows the audit log to a holder of audit.read', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, {
      props: { permissions: ['units.read', 'units.write', 'users.read', 'users.write', 'audit.read'] },
    });
    expect(labels(wrapper)).toEqual(['消息中心', '组织机构', '用户管理', '审计日志']);
  });

  it('ignores write permissions without read and shows only the inbox without any', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, { props: { permissions: ['units.write'] } });
    expect(labels(wrapper)).toEqual(['消息中心']);
  });

  it('shows the campaign modules with tasks.read and the calendar with calendar.write', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, { props: { permissions: ['tasks.read', 'units.read', 'calendar.write'] } });
    expect(labels(wrapper)).toEqual(['工作台', '攻坚行动', '我的任务', '逾期通报', '消息中心', '组织机构', '节假日安排']);
  });

  it('shows the ledgers and the map with ledgers.read', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, { props: { permissions: ['tasks.read', 'ledgers.read'] } });
    expect(labels(wrapper)).toEqual(['工作台', '攻坚行动', '我的任务', '逾期通报', '台账', '一张图', '消息中心']);
    expect(wrapper.find('[data-test="nav-ledgers"]').exists()).toBe(true);
  });

  it('shows the enterprise registry with enterprises.read', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, { props: { permissions: ['ledgers.read', 'enterprises.read'] } });
    expect(labels(wrapper)).toEqual(['台账', '一张图', '企业档案', '消息中心']);
    expect(wrapper.find('[data-test="nav-enterprises"] .el-icon svg').exists()).toBe(true);
  });

  it('shows the supervision problems with problems.read, and 今日督查 to those who register problems', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, { props: { permissions: ['tasks.read', 'problems.read'] } });
    expect(labels(wrapper)).toEqual(['工作台', '攻坚行动', '我的任务', '逾期通报', '督办问题', '消息中心']);
    document.body.innerHTML = '';
    const inspector = await mountWithApp(AppSidebarMenu, { props: { permissions: ['tasks.read', 'ledgers.read', 'problems.read', 'problems.register'] } });
    expect(labels(inspector.wrapper)).toEqual(['工作台', '今日督查', '攻坚行动', '我的任务', '逾期通报', '督办问题', '台账', '一张图', '消息中心']);
    expect(inspector.wrapper.find('[data-test="nav-inspector"] .el-icon svg').exists()).toBe(true);
  });

  it('uses English labels when English is chosen', async () => {
    const { wrapper } = await mountWithApp(AppSidebarMenu, {
      props: { permissions: ['units.read', 'audit.read'] },
      locale: 'en',
    });
    expect(labels(wrapper)).toEqual(['Inbox', 'Org units', 'Audit log']);
  });
});
