import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApiClient } from './client.js';
import { XLSX_TYPE, runImport } from './imports.js';

const reportBody = { total_rows: 3, valid_rows: 2, invalid_rows: 1, created: 0, dry_run: false, errors: [{ row: 4, column: 'C', field: 'owner_unit', message: '没有该单位' }] };

describe('runImport', () => {
  let fetchMock;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    configureApiClient({ getCsrfToken: () => 'tok', onUnauthorized: vi.fn(), onPasswordChangeRequired: vi.fn() });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends the file raw with the mapping in the query', async () => {
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ ...reportBody, dry_run: true }), { status: 200 }));
    const file = new Blob(['PK'], { type: XLSX_TYPE });
    const res = await runImport(3, file, { sheet: 1, mode: 'all', dryRun: true, mapping: { title: 1, deadline: 3 } });
    expect(res.valid_rows).toBe(2);
    const [url, init] = fetchMock.mock.calls[0];
    const u = new URL(url, 'http://x');
    expect(u.pathname).toBe('/api/v1/campaigns/3/import');
    expect(u.searchParams.get('sheet')).toBe('1');
    expect(u.searchParams.get('mode')).toBe('all');
    expect(u.searchParams.get('dry_run')).toBe('true');
    expect(JSON.parse(u.searchParams.get('mapping'))).toEqual({ title: 1, deadline: 3 });
    expect(init.body).toBe(file);
    expect(init.headers['Content-Type']).toBe(XLSX_TYPE);
    expect(init.headers['X-CSRF-Token']).toBe('tok');
  });

  it('treats a 422 carrying a report as the report', async () => {
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ status: 422, title: 'invalid rows', report: reportBody }), { status: 422 }));
    const res = await runImport(3, new Blob(['PK']), { mode: 'all', dryRun: false });
    expect(res).toEqual(reportBody);
    fetchMock.mockResolvedValue(new Response(JSON.stringify(reportBody), { status: 422 }));
    expect(await runImport(3, new Blob(['PK']), {})).toMatchObject({ invalid_rows: 1 });
  });

  it('still rejects other failures', async () => {
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ status: 403, title: 'Forbidden' }), { status: 403 }));
    await expect(runImport(3, new Blob(['PK']), {})).rejects.toMatchObject({ status: 403 });
  });
});
