import { defineStore } from 'pinia';
import { getCalendarYear, getToday } from '../api/calendar.js';
import { todayShanghai } from '../utils/datetime.js';

// Reloaded after this long, so a session left open over midnight moves on.
export const TODAY_TTL_MS = 10 * 60 * 1000;

// "Today" as the server sees it — its clock (a demo runs as of 2017-12-20;
// a phone's clock may be wrong) and its 调休 calendar — asked once per
// session (GET /api/v1/calendar/today). Report dates, 催报 due dates, the
// working-day previews and the timeline's 今天 line all read it; nothing
// takes the browser's date. Only if the server cannot be asked does `date`
// fall back to the browser's Beijing day (the server still checks).
//
// Working days for date pickers mirror the server's calendar: the listed days
// of a year (GET /api/v1/calendar/{year}) over plain weekdays.
export const useTodayStore = defineStore('today', {
  state: () => ({
    date: '',
    now: '',
    workingDay: true,
    nextWorkingDay: '',
    requestDueDate: '',
    fromServer: false,
    offsetMs: 0, // server clock − browser clock, measured at load
    loadedAt: 0,
    pending: null,
    // year -> {day: 'off' | 'work'}; {} for a year without an arrangement
    years: {},
    yearsPending: {},
  }),
  actions: {
    /** Loads today unless fresh; resolves to the date 'YYYY-MM-DD'. */
    async ensure() {
      if (this.date && Date.now() - this.loadedAt < TODAY_TTL_MS) return this.date;
      if (this.pending) return this.pending;
      this.pending = getToday()
        .then((res) => {
          this.date = res.date;
          this.now = res.now;
          this.workingDay = Boolean(res.working_day);
          this.nextWorkingDay = res.next_working_day || '';
          this.requestDueDate = res.request_due_date || '';
          const at = Date.parse(res.now);
          this.offsetMs = Number.isNaN(at) ? 0 : at - Date.now();
          this.fromServer = true;
          this.loadedAt = Date.now();
          return this.date;
        })
        .catch(() => {
          if (!this.date) this.date = todayShanghai();
          this.fromServer = false;
          return this.date;
        })
        .finally(() => {
          this.pending = null;
        });
      return this.pending;
    },
    /** The server's current instant (the browser's clock shifted by the measured offset). */
    serverNow() {
      return new Date(Date.now() + this.offsetMs);
    },
    /** Loads a year's listed days (once); resolves when known. */
    async loadYear(year) {
      const y = Number(year);
      if (!y || this.years[y]) return this.years[y];
      if (this.yearsPending[y]) return this.yearsPending[y];
      this.yearsPending[y] = getCalendarYear(y)
        .then((res) => Object.fromEntries((res.days || []).map((d) => [d.day, d.kind])))
        .catch(() => ({}))
        .then((days) => {
          this.years[y] = days;
          delete this.yearsPending[y];
          return days;
        });
      return this.yearsPending[y];
    },
    /** A working day per the loaded calendar: listed "work", or Mon–Fri not listed "off". */
    isWorkingDay(day) {
      const listed = this.years[Number(day.slice(0, 4))]?.[day];
      if (listed === 'work') return true;
      if (listed === 'off') return false;
      const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
      return wd !== 0 && wd !== 6;
    },
  },
});

/** A date picker's Date (local midnight) as 'YYYY-MM-DD'. */
export const pickerDay = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
