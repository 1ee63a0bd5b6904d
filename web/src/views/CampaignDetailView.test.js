import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/campaigns.js', () => ({
  getCampaign: vi.fn(),
  listCampaignEvents: vi.fn(),
  runCampaignAction: vi.fn(),
}));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
import { getCampaign, listCampaignEvents, runCampaignAction } from '../api/campaigns.js';
import CampaignDetailView from './CampaignDetailView.vue';

const base = {
  id: 4,
  version: 2,
  name: '2017-2018年秋冬季攻坚行动',
  status: 'active',
  start_date: '2017-10-01',
  end_date: '2018-03-31',
  jurisdiction_unit_name: '禹王台区人民政府',
  office_unit_name: '区攻坚办',
  description: '',
  targets: [],
  documents: [],
  work_areas: [{ id: 1, code: 'clean_heating', name: '清洁取暖', task_count: 0, completed_count: 0, overdue_count: 0, progress: 0, actions: [] }],
  actions: [],
};
const events = [
  { id: 1, action: 'create', from: null, to: 'planning', actor: { id: 1, name: '区攻坚办' }, at: '2017-09-30T01:30:00Z', note: '', evidence: [] },
  { id: 2, action: 'activate', from: 'planning', to: 'active', actor: { id: 1, name: '区攻坚办' }, at: '2017-10-01T01:30:00Z', note: '', evidence: [] },
];

async function mountCampaign(campaign) {
  getCampaign.mockResolvedValue(campaign);
  listCampaignEvents.mockResolvedValue({ items: events });
  const mounted = await mountWithApp(CampaignDetailView, { path: `/campaigns/${campaign.id}` });
  await settle(0);
  return mounted;
}

describe('CampaignDetailView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('labels the status and shows the actions and history the server gives', async () => {
    const { wrapper } = await mountCampaign({ ...base, actions: ['close', 'edit', 'create_task'] });
    expect($('[data-test="campaign-status"]').textContent.trim()).toBe('进行中');
    expect($('[data-test="campaign-action-close"]').textContent.trim()).toBe('结束行动');
    expect($('[data-test="campaign-action-reopen"]')).toBeNull();
    expect($('[data-test="campaign-edit"]')).not.toBeNull();
    expect($$('[data-test="workflow-event"]')).toHaveLength(2);
    expect($('[data-test="campaign-history"]').textContent).toContain('启动行动');
    wrapper.unmount();
  });

  it('offers nothing to a reader without actions (a closed campaign: no edit, no import)', async () => {
    const { wrapper } = await mountCampaign({ ...base, status: 'closed', actions: [] });
    expect($('[data-test="campaign-status"]').textContent.trim()).toBe('已结束');
    expect($$('[data-test^="campaign-action-"]')).toHaveLength(0);
    expect($('[data-test="campaign-edit"]')).toBeNull();
    expect($('[data-test="campaign-import"]')).toBeNull();
    expect($('[data-test="work-area-edit"]')).toBeNull();
    wrapper.unmount();
  });

  it('asks for the note reopen requires, sends it with the version and reloads', async () => {
    const { wrapper } = await mountCampaign({ ...base, status: 'closed', actions: ['reopen'] });
    runCampaignAction.mockResolvedValue({});
    getCampaign.mockResolvedValue({ ...base, version: 3, actions: ['close', 'edit', 'create_task'] });
    $('[data-test="campaign-action-reopen"]').click();
    await settle();
    const box = $('.el-message-box');
    expect(box.textContent).toContain('重新启动');
    box.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle();
    expect(runCampaignAction).not.toHaveBeenCalled();
    await typeInto(box.querySelector('textarea'), ' 整改未完 ');
    box.querySelector('.el-message-box__btns .el-button--primary').click();
    await settle(400);
    expect(runCampaignAction).toHaveBeenCalledWith(4, 'reopen', 2, '整改未完');
    expect($('[data-test="campaign-status"]').textContent.trim()).toBe('进行中');
    expect($('[data-test="campaign-action-close"]')).not.toBeNull();
    wrapper.unmount();
  });
});
