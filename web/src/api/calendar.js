import { api } from './client.js';

// Years with an arrangement and their listed days (off / make-up work days).
export const listCalendarYears = () => api.get('/api/v1/calendar');
// {deadline, unverified}: the date N working days after `from`.
export const workingDaysFrom = (from, days) => api.get('/api/v1/calendar/working-days', { from, days });
// Replaces a year's arrangement with the rows of a CSV "date,kind,holiday,notice".
export const importCalendarYear = (year, csv) => api.put(`/api/v1/calendar/${encodeURIComponent(year)}`, { csv });
// Today by the server's clock and calendar: {date, now, working_day, holiday,
// next_working_day, request_due_date, unverified}.
export const getToday = () => api.get('/api/v1/calendar/today');
// One year's arrangement with its listed days ({days: [{day, kind}]}); 404
// when the year has none.
export const getCalendarYear = (year) => api.get(`/api/v1/calendar/${encodeURIComponent(year)}`);
