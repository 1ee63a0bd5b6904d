import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountWithApp, settle } from '../../tests/helpers.js';

vi.mock('../api/audit.js', () => ({ listAudit: vi.fn(), verifyAuditChain: vi.fn() }));
// Task statuses are labelled by the server's task workflow definition.
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';
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

  it('expands a row into a table of changed fields with labels, the raw JSON one click away', async () => {
    const { wrapper } = await mountWithApp(AuditView);
    await wrapper.find('.el-table__expand-icon').trigger('click');
    await settle(0);
    const diff = wrapper.find('[data-test="audit-diff"]');
    expect(diff.exists()).toBe(true);
    // The version is bookkeeping: only the name is listed, labelled in Chinese.
    const rows = diff.findAll('tr[data-field]');
    expect(rows.map((r) => r.attributes('data-field'))).toEqual(['name']);
    expect(rows[0].text()).toContain('单位名称');
    expect(rows[0].text()).toContain('南郊乡（新）');
    expect(diff.find('pre').exists()).toBe(false);
    await diff.find('[data-test="audit-show-raw"]').trigger('click');
    const sides = diff.findAll('pre');
    expect(sides[0].text()).toContain('"南郊乡"');
    expect(sides[1].text()).toContain('"南郊乡（新）"');
  });

  it('shows a task change with unit names, status labels and Beijing times, and filters by category', async () => {
    const before = {
      id: 12,
      title: '双替代（南郊村）',
      owner_unit_id: 31,
      owner_unit_name: '南郊村',
      lead_unit_id: 29,
      lead_unit_name: '南郊乡',
      status: 'in_progress',
      completed_at: null,
      deadline_unverified: false,
      version: 4,
    };
    const after = { ...before, status: 'completed', completed_at: '2017-12-15T07:30:00Z', version: 5 };
    listAudit.mockResolvedValue({
      items: [{ ...row, id: 10, action: 'complete', entity: 'task', entity_id: '12', before, after }],
      total: 1,
    });
    const { wrapper } = await mountWithApp(AuditView, { path: '/audit?category=task' });
    expect(listAudit).toHaveBeenCalledWith(expect.objectContaining({ category: 'task' }));
    const table = wrapper.find('[data-test="audit-table"]');
    expect(table.text()).toContain('报告完成');
    expect(table.find('[data-test="audit-subject"]').text()).toBe('双替代（南郊村）');
    await wrapper.find('.el-table__expand-icon').trigger('click');
    await settle(0);
    const diff = wrapper.find('[data-test="audit-diff"]');
    const changed = diff.findAll('tr[data-field]').map((r) => r.text());
    expect(changed).toEqual([
      expect.stringMatching(/^状态推进中已完成（待验收）$/),
      expect.stringMatching(/^完成时间—2017-12-15 15:30:00$/),
    ]);
    await diff.find('[data-test="audit-show-all"]').trigger('click');
    const all = diff.text();
    expect(all).toContain('责任单位');
    expect(all).toContain('南郊村');
    expect(all).not.toContain('31');
    expect(all).toContain('牵头单位');
    expect(all).toContain('否');
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
