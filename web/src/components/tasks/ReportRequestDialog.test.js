import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, mountWithApp, settle } from '../../../tests/helpers.js';

vi.mock('../../api/tasks.js', () => ({ requestReport: vi.fn(), requestReports: vi.fn(), listReportRequests: vi.fn() }));
// The server's today (Wednesday 2017-12-20) and its 2017 calendar: the
// 2017-12-30 … 2018-01-01 New Year days off are listed in 2017/2018.
vi.mock('../../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({
    date: '2017-12-20',
    now: '2017-12-20T01:00:00.000Z',
    working_day: true,
    holiday: '',
    next_working_day: '2017-12-21',
    request_due_date: '2017-12-22',
    unverified: false,
  })),
  getCalendarYear: vi.fn(async (year) => ({ days: year === 2018 ? [{ day: '2018-01-01', kind: 'off' }, { day: '2018-02-11', kind: 'work' }] : [] })),
}));
import { listReportRequests, requestReport, requestReports } from '../../api/tasks.js';
import { useTodayStore } from '../../stores/today.js';
import ReportRequestDialog from './ReportRequestDialog.vue';

const task = { id: 7, title: '散煤清洁取暖替代', owner_unit_id: 3, owner_unit_name: '南郊乡' };
const dueInput = () => $('[data-test="report-request-dialog"] .el-date-editor input');
const save = () => $('[data-test="report-request-save"]');

describe('ReportRequestDialog', () => {
  afterEach(() => {
    vi.clearAllMocks();
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it("defaults the due date to the server's (two working days on), whatever the browser's clock says", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-05T10:00:00+08:00'));
    listReportRequests.mockResolvedValue({ items: [], total: 0 });
    requestReport.mockResolvedValue({ id: 1 });
    const { wrapper } = await mountWithApp(ReportRequestDialog, { props: { modelValue: true, task } });
    await settle();
    expect(dueInput().value).toBe('2017-12-22');
    expect($('[data-test="report-request-dialog"]').textContent).toContain('今天 2017-12-20');
    save().click();
    await settle();
    expect(requestReport).toHaveBeenCalledWith(7, { due_date: '2017-12-22', message: '' });
    expect(wrapper.emitted('saved')).toBeTruthy();
  });

  it("loads this year's and next year's calendar and mirrors it: listed days over weekdays", async () => {
    listReportRequests.mockResolvedValue({ items: [], total: 0 });
    await mountWithApp(ReportRequestDialog, { props: { modelValue: true, task } });
    await settle();
    const store = useTodayStore();
    expect(Object.keys(store.years).sort()).toEqual(['2017', '2018']);
    expect(store.isWorkingDay('2017-12-21')).toBe(true); // Thursday
    expect(store.isWorkingDay('2017-12-23')).toBe(false); // Saturday
    expect(store.isWorkingDay('2018-01-01')).toBe(false); // Monday, listed off (元旦)
    expect(store.isWorkingDay('2018-02-11')).toBe(true); // Sunday, listed as a make-up working day
  });

  it('shows the open request and sends a second one only when confirmed', async () => {
    listReportRequests.mockResolvedValue({ items: [{ id: 3, task_id: 7, due_date: '2017-12-21', unit_name: '南郊乡', state: 'open' }], total: 1 });
    requestReport.mockResolvedValue({ id: 4 });
    await mountWithApp(ReportRequestDialog, { props: { modelValue: true, task } });
    await settle();
    expect(listReportRequests).toHaveBeenCalledWith({ task_id: 7, state: 'open', per_page: 1 });
    expect($('[data-test="report-request-open"]').textContent).toContain('要求 2017-12-21 前填报');
    expect(save().disabled).toBe(true);
    $('[data-test="report-request-confirm"] input').click();
    await settle();
    expect(save().disabled).toBe(false);
    save().click();
    await settle();
    expect(requestReport).toHaveBeenCalledWith(7, { due_date: '2017-12-22', message: '', allow_second: true });
  });

  it('sends 一键催报 as one batch and lists the skipped tasks with their reason', async () => {
    requestReports.mockResolvedValue({
      created: 1,
      skipped: 1,
      items: [
        { task_id: 7, outcome: 'created', request: { id: 5 } },
        { task_id: 9, outcome: 'skipped', code: 'request_open', params: { due_date: '2017-12-21' }, message: 'a report request is already open (due 2017-12-21)' },
      ],
    });
    const tasks = [task, { id: 9, title: '燃煤锅炉拆除', owner_unit_id: 4, owner_unit_name: '汪屯乡' }];
    const { wrapper } = await mountWithApp(ReportRequestDialog, { props: { modelValue: true, tasks } });
    await settle();
    expect($('[data-test="report-request-targets"]').textContent).toContain('向 2 个责任单位的 2 项任务催报');
    save().click();
    await settle();
    expect(requestReports).toHaveBeenCalledWith({ due_date: '2017-12-22', message: '', task_ids: [7, 9] });
    expect($('[data-test="report-request-outcome"]').textContent).toContain('已催报 1 项，跳过 1 项');
    const skipped = $('[data-test="report-request-skipped"]').textContent;
    expect(skipped).toContain('燃煤锅炉拆除');
    expect(skipped).toContain('已有未完成的催报（2017-12-21 前报送）');
    expect(wrapper.emitted('saved')[0][0].created).toBe(1);
  });
});
