import { api } from './client.js';

// The emergency reduction list's reductions per alert level
// (GET /api/v1/aq/reduction-plan): {ledger_type, states, whole_district,
// pollutants: [{code, field}], levels: [{level, required_percent,
// measure_field, cut_field, met, pollutants: [{pollutant, baseline, basis,
// basis_source, required, reduction, shortfall, met, rows_missing_baseline}]}],
// rows: [{id, name, unit_id, unit, status, counted, baselines, levels:
// [{level, measure, cut_percent, reductions}], missing}], rows_not_counted}.
// Amounts in t/d. query: unit_id.
export const getReductionPlan = (query) => api.get('/api/v1/aq/reduction-plan', query);
