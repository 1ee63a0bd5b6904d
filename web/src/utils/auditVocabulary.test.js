import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../i18n/index.js';
import english from '../i18n/english.js';

import { AUDIT_ACTIONS, AUDIT_CATEGORIES, AUDIT_ENTITIES, auditRows, auditSubject, auditWorkflows, fieldLabel, formatAuditValue, visibleKeys } from './auditVocabulary.js';
import { useWorkflowsStore } from '../stores/workflows.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));

// Task and campaign statuses are labelled by the server's workflow definitions.
beforeAll(async () => {
  setActivePinia(createPinia());
  await useWorkflowsStore().loadAll([...auditWorkflows('task'), ...auditWorkflows('campaign'), ...auditWorkflows('problem')]);
});

const i18nFor = (locale) => {
  const { t, te, locale: current } = createAppI18n(locale, { en: english }).global;
  return { t, te, locale: current };
};
const zh = i18nFor('zh-CN');
const en = i18nFor('en');

// A task as the server writes it into the audit log (task_view in src/app/task_views.cpp).
const task = {
  id: 12,
  campaign_id: 1,
  work_area_id: 3,
  parent_id: 7,
  code: '3.1',
  title: '双替代（南郊村）',
  description: '',
  owner_unit_id: 31,
  lead_unit_id: 29,
  responsible_leader: { name: '李乡长', phone: '13800000000' },
  responsible_user_id: 5,
  responsible_person: { name: '王专干', phone: '' },
  start_date: '2017-10-01',
  deadline: '2017-10-31',
  deadline_working_days: null,
  deadline_unverified: false,
  measure_unit: '户',
  target_value: 500,
  weight: 1,
  cooperating_unit_ids: [40, 41],
  milestones: [{ id: 1, title: '摸底排查', deadline: '2017-10-10', done_at: '2017-10-09' }],
  path: '/7/12/',
  depth: 1,
  work_area_name: '清洁取暖“双替代”',
  owner_unit_name: '南郊村',
  lead_unit_name: '南郊乡',
  cooperating_units: [
    { id: 40, name: '区供电公司' },
    { id: 41, name: '区燃气公司' },
  ],
  achieved_value: 480,
  progress: 0.96,
  status: 'in_progress',
  status_note: '',
  assigned_at: '2017-10-09T02:00:00Z',
  completed_at: null,
  version: 6,
  created_at: '2017-10-09T02:00:00Z',
  updated_at: '2017-12-15T07:00:00Z',
};

describe('audit vocabulary', () => {
  it('labels every category, entity and action in both languages', () => {
    for (const i18n of [zh, en]) {
      for (const c of AUDIT_CATEGORIES) expect(i18n.te(`audit.categories.${c}`)).toBe(true);
      for (const e of AUDIT_ENTITIES) expect(i18n.te(`audit.entities.${e}`)).toBe(true);
      for (const a of AUDIT_ACTIONS) expect(i18n.te(`audit.actions.${a}`)).toBe(true);
    }
  });

  it('labels every field a task record lists, in Chinese and English', () => {
    for (const k of visibleKeys(task)) {
      expect(fieldLabel(zh, 'task', k)).not.toBe(k);
      expect(fieldLabel(en, 'task', k)).not.toBe(k);
    }
    expect(fieldLabel(zh, 'task', 'owner_unit_id')).toBe('责任单位');
    expect(fieldLabel(en, 'task', 'owner_unit_id')).toBe('Owner unit');
    // Per-entity wording where the generic one would mislead.
    expect(fieldLabel(zh, 'user', 'name')).toBe('姓名');
    expect(fieldLabel(zh, 'unit', 'parent_id')).toBe('上级单位');
    // Unknown fields (a newer server) show as they are.
    expect(fieldLabel(zh, 'task', 'brand_new')).toBe('brand_new');
  });

  it('lists content, not bookkeeping or the names standing in for ids', () => {
    const keys = visibleKeys(task);
    expect(keys.slice(0, 2)).toEqual(['title', 'code']);
    for (const k of ['id', 'version', 'path', 'depth', 'created_at', 'updated_at', 'owner_unit_name', 'lead_unit_name', 'work_area_name', 'cooperating_units'])
      expect(keys).not.toContain(k);
    for (const k of ['owner_unit_id', 'lead_unit_id', 'work_area_id', 'cooperating_unit_ids', 'status', 'progress', 'responsible_person']) expect(keys).toContain(k);
    // The person names the responsible account; a task never changes campaign.
    expect(keys).not.toContain('responsible_user_id');
    expect(keys).not.toContain('campaign_id');
  });

  it('shows names for ids, labels for codes, Beijing times, 是/否 and dashes', () => {
    const v = (key, rec = task, entity = 'task', i18n = zh) => formatAuditValue(i18n, entity, key, rec[key], rec);
    expect(v('owner_unit_id')).toBe('南郊村');
    expect(v('lead_unit_id')).toBe('南郊乡');
    expect(v('work_area_id')).toBe('清洁取暖“双替代”');
    expect(v('cooperating_unit_ids')).toBe('区供电公司、区燃气公司');
    expect(v('responsible_user_id')).toBe('王专干');
    expect(v('responsible_leader')).toBe('李乡长（13800000000）');
    expect(v('status')).toBe('推进中');
    expect(v('status', task, 'task', en)).toBe('In progress');
    expect(v('assigned_at')).toBe('2017-10-09 10:00:00');
    expect(v('deadline_unverified')).toBe('否');
    expect(v('deadline_unverified', task, 'task', en)).toBe('No');
    expect(v('completed_at')).toBe('—');
    expect(v('description')).toBe('—');
    expect(v('progress')).toBe('96%');
    expect(v('target_value')).toBe('500');
    expect(v('milestones')).toBe('摸底排查（2017-10-10） ✓2017-10-09');
    // An id without a name next to it stays a number.
    expect(v('parent_id')).toBe('#7');
    // Codes of other entities use their own labels.
    expect(formatAuditValue(zh, 'campaign', 'status', 'active', {})).toBe('进行中');
    expect(formatAuditValue(zh, 'unit', 'kind', 'township', {})).toBe('乡镇');
    expect(formatAuditValue(zh, 'user', 'roles', ['unit_leader', 'inspector'], {})).toBe('单位负责人、督导检查员');
    expect(formatAuditValue(zh, 'calendar_day', 'kind', 'work', {})).toBe('班');
    const user = { unit_id: 29, unit_name: '南郊乡', disabled: true };
    expect(formatAuditValue(zh, 'user', 'unit_id', 29, user)).toBe('南郊乡');
    expect(formatAuditValue(zh, 'user', 'disabled', true, user)).toBe('是');
  });

  it('turns a change into rows: changed fields marked, old and new side by side', () => {
    const after = { ...task, status: 'completed', completed_at: '2017-12-15T07:30:00Z', version: 7, updated_at: '2017-12-15T07:30:00Z' };
    const rows = auditRows(zh, 'task', task, after);
    const changed = rows.filter((r) => r.changed);
    expect(changed.map((r) => [r.label, r.before, r.after])).toEqual([
      ['状态', '推进中', '已完成（待验收）'],
      ['完成时间', '—', '2017-12-15 15:30:00'],
    ]);
    // A creation has only an "after" side and nothing counts as changed.
    const created = auditRows(zh, 'task', null, task);
    expect(created.every((r) => !r.changed && r.before === '')).toBe(true);
    expect(created.find((r) => r.key === 'owner_unit_id').after).toBe('南郊村');
    expect(auditRows(zh, 'session', null, null)).toEqual([]);
  });

  it('shows a calendar year as one row per day', () => {
    const before = [{ day: '2017-10-01', kind: 'off', holiday: '国庆节', notice: '' }];
    const after = [
      { day: '2017-09-30', kind: 'work', holiday: '中秋节、国庆节', notice: '' },
      { day: '2017-10-01', kind: 'off', holiday: '中秋节、国庆节', notice: '' },
    ];
    const rows = auditRows(zh, 'calendar_year', before, after);
    expect(rows.map((r) => [r.label, r.before, r.after, r.changed])).toEqual([
      ['2017-09-30', '', '班 中秋节、国庆节', true], // added
      ['2017-10-01', '休 国庆节', '休 中秋节、国庆节', true],
    ]);
  });

  it('names what an entry is about', () => {
    expect(auditSubject({ entity: 'task', entity_id: '12', before: null, after: task })).toBe('双替代（南郊村）');
    expect(auditSubject({ entity: 'task', entity_id: '12', after: { task_title: '双替代', report_date: '2017-12-15' } })).toBe('双替代');
    expect(auditSubject({ entity: 'user', entity_id: '5', after: { name: '王专干', username: 'staff' } })).toBe('王专干（staff）');
    expect(auditSubject({ entity: 'calendar_day', entity_id: '2017-09-30', after: null })).toBe('2017-09-30');
    expect(auditSubject({ entity: 'session', entity_id: '3', after: { user_id: 5 } })).toBe('');
    expect(auditSubject({ entity: 'problem', entity_id: '7', after: { number: '禹攻坚督〔2017〕7号', title: '裸土未覆盖' } })).toBe('禹攻坚督〔2017〕7号 裸土未覆盖');
  });

  it('knows the supervision problems: category, entity and their states by the problem workflow', () => {
    expect(AUDIT_CATEGORIES).toContain('problem');
    expect(AUDIT_ENTITIES).toContain('problem');
    expect(auditWorkflows('problem')).toEqual(['problem']);
    expect(zh.t('audit.categories.problem')).toBe('督办问题');
    expect(formatAuditValue(zh, 'problem', 'status', 'verifying', {})).toBe('核查中');
    expect(formatAuditValue(en, 'problem', 'status', 'verifying', {})).toBe('Verifying');
    expect(fieldLabel(zh, 'problem', 'deadline')).toBe('整改时限');
    expect(fieldLabel(zh, 'problem', 'leader_party')).toBe('党委（党组）书记');
  });
});
