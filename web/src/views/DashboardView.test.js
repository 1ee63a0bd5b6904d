import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountWithApp, settle } from '../../tests/helpers.js';
import { useAuthStore } from '../stores/auth.js';

vi.mock('../api/campaigns.js', () => ({ listCampaigns: vi.fn(), getCampaign: vi.fn() }));
vi.mock('../api/tasks.js', () => ({ listTasks: vi.fn(), overdueByUnit: vi.fn() }));
import { getCampaign, listCampaigns } from '../api/campaigns.js';
import { listTasks, overdueByUnit } from '../api/tasks.js';
import DashboardView from './DashboardView.vue';

const campaign = {
  id: 3,
  name: '2017-2018年秋冬季大气污染综合治理攻坚行动',
  status: 'active',
  work_areas: [
    { id: 1, code: 'clean_heating', name: '清洁取暖“双替代”', task_count: 8, completed_count: 5, overdue_count: 1, progress: 0.9275 },
    { id: 2, code: 'materials', name: '迎检资料收集整理', task_count: 0, completed_count: 0, overdue_count: 0, progress: 0 },
  ],
};
const board = {
  items: [
    { owner_unit_id: 31, owner_unit_name: '范村', count: 2, earliest_deadline: '2017-10-31', most_working_days_overdue: 35 },
    { owner_unit_id: 40, owner_unit_name: '汪屯乡', count: 1, earliest_deadline: '2017-12-15', most_working_days_overdue: 3 },
  ],
  total: 3,
};

// A read-only caller (no tasks.accept) unless a test grants more.
const mountAs = () => mountWithApp(DashboardView, { path: '/dashboard' });

describe('DashboardView', () => {
  beforeEach(() => {
    // The server names the current campaign; the page takes it whatever the statuses.
    listCampaigns.mockResolvedValue({
      items: [
        { id: 2, name: '旧行动', status: 'active', current: false },
        { id: 3, name: campaign.name, status: 'planning', current: true },
      ],
    });
    getCampaign.mockResolvedValue(campaign);
    overdueByUnit.mockResolvedValue(board);
    listTasks.mockResolvedValue({ items: [], total: 0 });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('opens the campaign the server marks current: areas with tasks, overdue counts linking to the filtered board', async () => {
    const { wrapper } = await mountAs();
    await settle(0);
    expect(getCampaign).toHaveBeenCalledWith(3);
    expect(overdueByUnit).toHaveBeenCalledWith({ campaign_id: 3 });
    expect(listTasks).toHaveBeenCalledWith(expect.objectContaining({ awaiting_acceptance: true, campaign_id: 3 }));
    const rows = wrapper.findAll('[data-test="dash-overdue-row"]');
    expect(rows.map((r) => r.find('[data-test="dash-overdue-unit"]').text())).toEqual(['范村', '汪屯乡']);
    const link = rows[0].find('[data-test="dash-overdue-count"]');
    expect(link.text()).toBe('2 项');
    expect(link.attributes('href')).toBe('/overdue?campaign_id=3&owner_unit_id=31');
    expect(wrapper.find('[data-test="dash-overdue-total"]').text()).toContain('3');
    await wrapper.find('[data-test="dash-areas-toggle"]').trigger('click');
    const areas = wrapper.findAll('[data-test="dash-area-row"]');
    expect(areas.map((a) => a.attributes('data-area'))).toEqual(['clean_heating']);
    expect(areas[0].find('[data-test="dash-area-progress"]').text()).toMatch(/%$/);
  });

  it('shows the 待验收 queue only to who may accept, or when the server returns rows', async () => {
    let mounted = await mountAs();
    await settle(0);
    expect(mounted.wrapper.find('[data-test="dash-awaiting"]').exists()).toBe(false);
    mounted.wrapper.unmount();

    // Permission to accept: the panel shows, empty.
    mounted = await mountWithApp(DashboardView, { path: '/dashboard' });
    useAuthStore().permissions = ['tasks.read', 'tasks.accept'];
    await settle(0);
    expect(mounted.wrapper.find('[data-test="dash-awaiting"]').exists()).toBe(true);
    expect(mounted.wrapper.find('[data-test="dash-awaiting"]').text()).toContain('暂无待验收任务');
    mounted.wrapper.unmount();

    // Rows from the server: shown, each linking to the task.
    listTasks.mockResolvedValue({
      items: [{ id: 77, code: '3.1.1', title: '双替代（南郊村）', owner_unit_name: '南郊村', deadline: '2017-10-31', completed_at: '2017-12-15T07:30:00Z' }],
      total: 1,
    });
    mounted = await mountAs();
    await settle(0);
    const row = mounted.wrapper.find('[data-test="dash-awaiting-row"]');
    expect(row.text()).toContain('双替代（南郊村）');
    expect(row.text()).toContain('2017-12-15');
    expect(row.find('a').attributes('href')).toBe('/tasks/77');
  });
});
