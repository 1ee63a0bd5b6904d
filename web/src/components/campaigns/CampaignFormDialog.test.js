import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, mountWithApp, settle } from '../../../tests/helpers.js';

vi.mock('../../api/campaigns.js', () => ({ createCampaign: vi.fn(), updateCampaign: vi.fn() }));
vi.mock('../../api/units.js', () => ({
  fetchUnitTree: vi.fn(async () => [
    { id: 1, name: '禹王台区人民政府', kind: 'district_government', children: [{ id: 2, name: '区攻坚办', kind: 'campaign_office', children: [] }] },
  ]),
}));
import { createCampaign, updateCampaign } from '../../api/campaigns.js';
import CampaignFormDialog from './CampaignFormDialog.vue';

const campaign = {
  id: 4,
  version: 2,
  name: '秋冬季攻坚行动',
  status: 'active',
  start_date: '2017-10-01',
  end_date: '2018-03-31',
  jurisdiction_unit_id: 1,
  office_unit_id: 2,
  description: '',
  targets: [],
  documents: [],
};

// The status moves by the campaign workflow's actions, never in this form.
describe('CampaignFormDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('has no status control and sends no status when editing', async () => {
    updateCampaign.mockResolvedValue({ ...campaign, version: 3 });
    await mountWithApp(CampaignFormDialog, { props: { modelValue: true, campaign } });
    await settle();
    expect($('[data-test="campaign-dialog"] .el-radio-group')).toBeNull();
    $('[data-test="campaign-save"]').click();
    await settle(300);
    expect(updateCampaign).toHaveBeenCalledTimes(1);
    const [id, version, body] = updateCampaign.mock.calls[0];
    expect([id, version]).toEqual([4, 2]);
    expect(body.name).toBe('秋冬季攻坚行动');
    expect(body).not.toHaveProperty('status');
    expect(createCampaign).not.toHaveBeenCalled();
  });
});
