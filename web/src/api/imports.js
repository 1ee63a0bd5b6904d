import { api, buildUrl } from './client.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const enc = encodeURIComponent;

// {sheets, sheet, headers, rows (first 20), row_count, fields, suggested_mapping}
export const previewImport = (campaignId, file, sheet) =>
  api.postRaw(`/api/v1/campaigns/${enc(campaignId)}/import/preview`, file, XLSX_TYPE, sheet ? { sheet } : undefined);

/**
 * Validates (dryRun) or imports the tasks of one sheet. The answer is a
 * report {total_rows, valid_rows, invalid_rows, created, updated, new_rows,
 * changed_rows, unchanged_rows, changes, dry_run, errors}
 * whether the server says 200 or 422 (mode "all" with errors writes nothing),
 * so a 422 carrying a report resolves too.
 */
export async function runImport(campaignId, file, { sheet = 0, mode = 'all', dryRun = true, mapping = {} }) {
  const query = { sheet, mode, dry_run: dryRun, mapping: JSON.stringify(mapping) };
  try {
    return await api.postRaw(`/api/v1/campaigns/${enc(campaignId)}/import`, file, XLSX_TYPE, query);
  } catch (err) {
    const body = err && err.body;
    if (err.status === 422 && body && (body.report || Array.isArray(body.errors) && 'total_rows' in body)) {
      return body.report || body;
    }
    throw err;
  }
}

// The import template (.xlsx: headers, an example row, a 说明 sheet), for a link.
export const importTemplateUrl = (campaignId) => buildUrl(`/api/v1/campaigns/${enc(campaignId)}/import/template`);
