import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountWithApp, settle } from '../../tests/helpers.js';
import { useAuthStore } from '../stores/auth.js';

vi.mock('../api/calendar.js', () => ({
  listCalendarYears: vi.fn(),
  getCalendarYear: vi.fn(),
  getToday: vi.fn(),
  importCalendarYear: vi.fn(),
  setCalendarDay: vi.fn(),
  deleteCalendarDay: vi.fn(),
}));
import { getCalendarYear, getToday, listCalendarYears, setCalendarDay } from '../api/calendar.js';
import CalendarView from './CalendarView.vue';

const name = '中秋节、国庆节';
const y2017 = {
  year: 2017,
  source: 'shipped',
  updated_at: '2017-09-29T01:00:00Z',
  days_off: 8,
  working_days: 1,
  days: [
    { day: '2017-09-30', kind: 'work', holiday: name, notice: '国办发明电〔2016〕17号' },
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ day: `2017-10-${d}`, kind: 'off', holiday: name, notice: '' })),
  ],
};
const y2018 = { year: 2018, source: 'shipped', updated_at: '', days_off: 1, working_days: 0, days: [{ day: '2018-01-01', kind: 'off', holiday: '元旦', notice: '' }] };

describe('CalendarView', () => {
  beforeEach(() => {
    listCalendarYears.mockResolvedValue({ items: [y2017, y2018].map(({ days, ...meta }) => meta) });
    getCalendarYear.mockImplementation(async (year) => (year === 2017 ? y2017 : y2018));
    getToday.mockResolvedValue({ date: '2017-12-20' });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it("shows the chosen year's days from GET /calendar/{year}, not the day-less year list", async () => {
    const { wrapper } = await mountWithApp(CalendarView, { path: '/?year=2017' });
    await settle(0);
    expect(getCalendarYear).toHaveBeenCalledWith(2017);
    const table = wrapper.find('[data-test="calendar-days"]');
    expect(table.text()).toContain('2017-09-30');
    expect(table.text()).toContain('班');
    expect(table.findAll('.el-table__body-wrapper tr.el-table__row')).toHaveLength(9);
    const block = wrapper.find('[data-test="calendar-blocks"]').text();
    expect(block).toContain('2017-10-01 至 2017-10-08 放假，共 8 天');
    expect(block).toContain('调休上班：09-30（六）');
    // Switching the year loads that year.
    await wrapper.find('[data-test="calendar-years"] [data-year="2018"]').trigger('click');
    await settle(0);
    expect(getCalendarYear).toHaveBeenLastCalledWith(2018);
    expect(wrapper.find('[data-test="calendar-days"]').text()).toContain('2018-01-01');
  });

  it("opens the server's current year, not the browser's", async () => {
    const { wrapper } = await mountWithApp(CalendarView);
    await settle(0);
    expect(getCalendarYear).toHaveBeenCalledWith(2017);
    expect(wrapper.find('[data-test="calendar-days"]').text()).toContain('2017-10-01');
  });

  it('offers add, edit and delete only with calendar.write, and shows the answered year after a change', async () => {
    let mounted = await mountWithApp(CalendarView, { path: '/?year=2017' });
    await settle(0);
    expect(mounted.wrapper.find('[data-test="calendar-add"]').exists()).toBe(false);
    expect(mounted.wrapper.find('[data-test="calendar-edit"]').exists()).toBe(false);
    mounted.wrapper.unmount();

    mounted = await mountWithApp(CalendarView, { path: '/?year=2017' });
    useAuthStore().permissions = ['calendar.write'];
    await settle(0);
    const { wrapper } = mounted;
    expect(wrapper.findAll('[data-test="calendar-edit"]').length).toBeGreaterThan(0);
    const changed = { ...y2017, days: [...y2017.days, { day: '2017-12-25', kind: 'off', holiday: '测试', notice: '' }] };
    setCalendarDay.mockResolvedValue(changed);
    await wrapper.findAll('[data-test="calendar-edit"]')[0].trigger('click');
    await settle(0);
    await document.body.querySelector('[data-test="calendar-day-save"]').click();
    await settle(0);
    expect(setCalendarDay).toHaveBeenCalledWith('2017-09-30', { kind: 'work', holiday: name, notice: '国办发明电〔2016〕17号' });
    expect(wrapper.find('[data-test="calendar-days"]').text()).toContain('2017-12-25');
  });
});
