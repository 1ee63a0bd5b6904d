import { api, upload } from './client.js';

// The emergency reduction list's reductions per alert level
// (GET /api/v1/aq/reduction-plan): {ledger_type, states, whole_district,
// pollutants: [{code, field}], levels: [{level, required_percent,
// measure_field, cut_field, met, pollutants: [{pollutant, baseline, basis,
// basis_source, required, reduction, shortfall, met, rows_missing_baseline}]}],
// rows: [{id, name, unit_id, unit, status, counted, baselines, levels:
// [{level, measure, cut_percent, reductions}], missing}], rows_not_counted}.
// Amounts in t/d. query: unit_id.
export const getReductionPlan = (query) => api.get('/api/v1/aq/reduction-plan', query);
const enc = encodeURIComponent;

// Air quality (空气质量, docs/openapi.yaml tag air-quality). Every AQI comes
// with the level, category ({zh-CN, en}) and colour the server looked up: the
// browser shows them, it never derives them.

// Every station with its latest hour: {hour (the last ended hour, Beijing),
// datum, levels: [{level, from, to, category, colour}], items: [station with
// map_location {lng, lat} in the map's datum | null and latest: null |
// {time, aqi, level, category, colour, primary, so2, …, pm25, flags, source}]}.
export const getAqLatest = () => api.get('/api/v1/aq/latest');
// An area's days (default the district, 30 days to yesterday): {unit_id,
// unit, tier, stations, from, to, items: [{date, aqi, level, category, colour,
// primary, so2, no2, co, o3_8h, o3_1h, pm10, pm25}]}, oldest first.
export const getAqAreaDays = (query) => api.get('/api/v1/aq/area-days', query);
// {of: units|stations, by: composite|pm25|pm10, from, to, parent_id} (each
// optional: units by composite, this month to yesterday) → {of, by, from, to,
// items: [{rank | null, id, name, code?, unit?, stats}]}, cleanest first.
export const getAqRankings = (query) => api.get('/api/v1/aq/rankings', query);
// {can_manage, items: [target with version and progress]}.
export const listAqTargets = () => api.get('/api/v1/aq/targets');
// {name, unit_id, period_from, period_to, baseline_pm25, target_pm25,
// baseline_heavy_days, target_heavy_days} → the target with its progress.
export const createAqTarget = (body) => api.post('/api/v1/aq/targets', body);
// The whole target as createAqTarget takes it, with the version it was read at.
export const updateAqTarget = (id, version, body) => api.patch(`/api/v1/aq/targets/${enc(id)}`, { ...body, version });
// The station registry (监测站点): {items: [station {id, code, name, kind,
// unit_id, unit, enterprise_id, location {lng, lat} (WGS-84) | null, limits
// {so2, …, pm25} (in the unit its readings come in; only those set), hj212
// (whether it has an HJ 212 password, never the password), active, version}],
// kinds: [{code, label {zh-CN, en}}], flags, levels}.
export const listAqStations = () => api.get('/api/v1/aq/stations');
export const getAqStation = (id) => api.get(`/api/v1/aq/stations/${enc(id)}`);
// {code, name, kind, unit_id, enterprise_id, location {lng, lat, datum},
// limits, hj212_password, active} → the station (201).
export const createAqStation = (body) => api.post('/api/v1/aq/stations', body);
// The whole station but the code, with the version it was read at; without
// hj212_password the password stays, null removes it.
export const updateAqStation = (id, version, body) => api.patch(`/api/v1/aq/stations/${enc(id)}`, { ...body, version });
// A station's hours {from, to} (hour ends, Beijing time; ≤ 768) → {items:
// [{time, aqi, level, category, colour, primary, pm25, pm10, …}]}.
export const getAqStationHours = (id, query) => api.get(`/api/v1/aq/stations/${enc(id)}/hours`, query);

// Heavy-pollution alerts (重污染天气预警). The standard's levels, the decision,
// the alerts' labels, colours and the actions a reader may take are the
// server's; the console renders them.

// {name, label, source, episode {above}, levels: [{code, label, color, rank,
// response, response_label, lead_hours, reduction {so2, nox, pm, vocs}, cap,
// when}], required_reductions: [{level, rank, percent {so2, nox, pm, vocs}}]}.
export const getWarningStandard = () => api.get('/api/v1/aq/warning-standard');
// The current forecast and the standard's decision: {from (today, the
// server's), days: [forecast], decision {level, episode, episodes: [{first,
// last, days, peak, level, group, clauses: [{above|at_least, days_needed,
// days}]}]}, level (the decided level's view) | null, in_force (alert) | null,
// suggestion: issue|upgrade|downgrade|lift|"", lead_time {hours_needed,
// hours_left, short}}.
export const getForecastDecision = () => api.get('/api/v1/aq/forecasts/decision');
// {issued_on?, source?, days: [{day, aqi, primary}]} → {stored, decision}.
export const enterForecasts = (body) => api.post('/api/v1/aq/forecasts', body);
// A CSV file `day,aqi,primary` → {stored, decision}; errors as fields
// "csv:LINE:COLUMN".
export const importForecastCsv = (file, query) => api.postRaw('/api/v1/aq/forecasts/import', file, 'text/csv', query);
// {items: [alert], actions: ["issue"] when the reader may issue now}.
export const listAlerts = (query) => api.get('/api/v1/aq/alerts', query);
// {level, effective_at?, expires_at?, note} → the alert's detail.
export const issueAlert = (body) => api.post('/api/v1/aq/alerts', body);
// The alert with reasons, history [{event_id, action, action_label,
// from_level, to_level, effective_at, at, actor, note, document, reasons,
// files}], files not yet filed and the reader's `actions`.
export const getAlert = (id) => api.get(`/api/v1/aq/alerts/${enc(id)}`);
// upgrade | downgrade | lift with {version, level?, effective_at?, expires_at?,
// note, files?} → the alert's detail.
export const actOnAlert = (id, action, body) => api.post(`/api/v1/aq/alerts/${enc(id)}/actions/${enc(action)}`, body);
// Links the browser opens with the session cookie.
export const alertCapUrl = (id, event) => `/api/v1/aq/alerts/${enc(id)}/cap.xml${event ? `?event=${enc(event)}` : ''}`;
export const ALERTS_ATOM_URL = '/api/v1/aq/alerts.atom';
// The spot checks of an alert's sources (应急减排现场抽查), query {status,
// unit_id} → {alert_id, alert_number, level, level_label, level_colour,
// counts {total, pending, compliant, violation}, can_check, items: [{id,
// ledger_row_id, source_name, unit_id, unit, address, location, status,
// status_label, inspection_id, checked_at}]}.
export const listSpotChecks = (id, query) => api.get(`/api/v1/aq/alerts/${enc(id)}/spot-checks`, query);
// A document (the signed notice, a scan) filed on the alert, to be named by
// the next move's `files` (raw body, name in the query) → RecordFile.
export const uploadAlertFile = (id, file) =>
  upload(`/api/v1/aq/alerts/${enc(id)}/files`, file, { query: { filename: file.name }, contentType: file.type || 'application/octet-stream' });
