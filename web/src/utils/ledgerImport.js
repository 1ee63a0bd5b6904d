// The ledger import (导入台账) as the server reports it (POST
// /api/v1/ledgers/{type}/import: LedgerImportReport {format, headers,
// mapping (per header the column it fills, "" = ignored), ignored_columns,
// rows, new, changed, unchanged, errors, written, details [{row, outcome,
// issues [{column, field, code, params, message}]}]}), turned into what the
// wizard shows and sends. Nothing here checks a row: the server's report does.
import { labelIn } from '../stores/workflows.js';
import { columnLetter } from './importMapping.js';
import { columnLabel } from './ledgerFields.js';

// Files the import takes (the server decides by their bytes).
export const LEDGER_IMPORT_ACCEPT = '.xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
export const isLedgerSheet = (file) => /\.(xlsx|csv|txt)$/i.test(file?.name || '');

/**
 * The import's query string: dry_run, mode (valid_rows), filename, unit_id,
 * datum, delimiter, and with `mapping` (an array over the headers) every
 * column as map.<index>=<column name> ("" = ignore, sent as such).
 */
export function importQuery({ dryRun = true, validRowsOnly = false, filename, unitId, datum, delimiter, mapping } = {}) {
  const q = new URLSearchParams();
  q.set('dry_run', dryRun ? 'true' : 'false');
  if (validRowsOnly) q.set('mode', 'valid_rows');
  if (filename) q.set('filename', filename);
  if (unitId !== null && unitId !== undefined && unitId !== '') q.set('unit_id', String(unitId));
  if (datum) q.set('datum', datum);
  if (delimiter) q.set('delimiter', delimiter);
  (mapping || []).forEach((name, i) => q.set(`map.${i}`, name || ''));
  return q.toString();
}

/** "C · 位置" for a 0-based column and the file's headers; `whole` for -1 (the row as a whole). */
export function columnText(column, headers, whole) {
  if (!(column >= 0)) return whole;
  const header = (headers || [])[column];
  return header ? `${columnLetter(column)} · ${header}` : columnLetter(column);
}

/**
 * The report's problems, one per issue: {row, column, field, reason}, the
 * reason by `localize` (the issue's code and params in the UI language),
 * the field by its label in the type.
 */
export function issueRows(report, type, locale, localize, whole) {
  const out = [];
  for (const d of report?.details || []) {
    for (const i of d.issues || []) {
      out.push({
        row: d.row,
        column: columnText(i.column, report.headers, whole),
        field: i.field ? columnLabel(type, i.field, locale) : '',
        reason: localize(i),
      });
    }
  }
  return out;
}

/** What a column may be imported as: the type's fields, then its built-ins (unit, location, …). */
export function mappingChoices(type, locale) {
  const fields = (type?.fields || []).map((f) => ({ value: f.name, label: labelIn(f.label, locale, f.name) }));
  const builtins = (type?.builtins || []).map((b) => ({ value: b.name, label: labelIn(b.label, locale, b.name) }));
  return [...fields, ...builtins];
}

/** Rows the import would write: new and changed, those in error left out. */
export const writable = (report) => (report ? (report.new || 0) + (report.changed || 0) : 0);
