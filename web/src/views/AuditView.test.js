import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountWithApp, settle } from '../../tests/helpers.js';

vi.mock('../api/audit.js', () => ({ listAudit: vi.fn(), verifyAuditChain: vi.fn() }));
import { listAudit, verifyAuditChain } from '../api/audit.js';
import AuditView from './AuditView.vue';

const row = {
  id: 9,
  at: '2026-11-30T07:15:30.123Z',
  actor_id: 1,
  actor_name: 'admin',
  action: 'update',
  entity: 'unit',
  entity_id: '29',
  before: { name: '南郊乡', version: 1 },
  after: { name: '南郊乡（新）', version: 2 },
  client_address: '10.1.2.3',
  hash: 'x',
};

describe('AuditView', () => {
  beforeEach(() => {
    listAudit.mockResolvedValue({ items: [row], total: 1, page: 1, per_page: 20 });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('shows Beijing time and Chinese labels for action and entity', async () => {
    const { wrapper } = await mountWithApp(AuditView);
    expect(listAudit).toHaveBeenCalledWith(expect.objectContaining({ page: 1, per_page: 20 }));
    const text = wrapper.find('[data-test="audit-table"]').text();
    expect(text).toContain('2026-11-30 15:15:30');
    expect(text).toContain('修改');
    expect(text).toContain('单位');
    expect(text).toContain('10.1.2.3');
  });

  it('expands a row into before/after side by side with the changed keys', async () => {
    const { wrapper } = await mountWithApp(AuditView);
    await wrapper.find('.el-table__expand-icon').trigger('click');
    await settle(0);
    const diff = wrapper.find('[data-test="audit-diff"]');
    expect(diff.exists()).toBe(true);
    expect(diff.findAll('.changed .el-tag').map((t) => t.text())).toEqual(['name', 'version']);
    const sides = diff.findAll('pre');
    expect(sides[0].text()).toContain('"南郊乡"');
    expect(sides[1].text()).toContain('"南郊乡（新）"');
  });

  it('verifies the chain and reports a break', async () => {
    verifyAuditChain.mockResolvedValue({ ok: false, checked: 120, first_bad_id: 57 });
    const { wrapper } = await mountWithApp(AuditView);
    await wrapper.find('[data-test="audit-verify"]').trigger('click');
    await settle(0);
    expect(verifyAuditChain).toHaveBeenCalledTimes(1);
    const result = wrapper.find('[data-test="audit-verify-result"]');
    expect(result.text()).toContain('第 57 条');
    expect(wrapper.find('.el-alert--error').exists()).toBe(true);
  });
});
