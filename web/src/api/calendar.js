import { api } from './client.js';

const enc = encodeURIComponent;

// Years with an arrangement (year, source, updated_at, days_off, working_days), without their days.
export const listCalendarYears = () => api.get('/api/v1/calendar');
// One year with its listed days [{day, kind: off|work, holiday, notice}].
export const getCalendarYear = (year) => api.get(`/api/v1/calendar/${enc(year)}`);
// {deadline, unverified}: the date N working days after `from`.
export const workingDaysFrom = (from, days) => api.get('/api/v1/calendar/working-days', { from, days });
// Replaces a year's arrangement with the rows of a CSV "date,kind,holiday,notice".
export const importCalendarYear = (year, csv) => api.put(`/api/v1/calendar/${enc(year)}`, { csv });
// Lists (or changes) one day off / make-up working day of an arranged year; answers the year.
export const setCalendarDay = (day, { kind, holiday, notice }) =>
  api.put(`/api/v1/calendar/days/${enc(day)}`, { kind, holiday: holiday || '', notice: notice || '' });
// Back to the weekday rule; answers the year.
export const deleteCalendarDay = (day) => api.del(`/api/v1/calendar/days/${enc(day)}`);
// Today by the server's clock and calendar: {date, now, working_day, holiday,
// next_working_day, request_due_date, unverified}.
export const getToday = () => api.get('/api/v1/calendar/today');
