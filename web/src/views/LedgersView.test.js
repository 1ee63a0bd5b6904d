import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../tests/helpers.js';
import { boilerType, gasType } from '../../tests/fixtures/ledgers.js';

vi.mock('../api/ledgers.js', () => ({ listLedgerTypes: vi.fn(), listLedgerRows: vi.fn() }));
import { listLedgerRows, listLedgerTypes } from '../api/ledgers.js';
import LedgersView from './LedgersView.vue';

describe('LedgersView', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('lists the types by work area in the plan’s order, each with its row total', async () => {
    // The server's order is not the plan's.
    listLedgerTypes.mockResolvedValue({ items: [gasType, boilerType] });
    listLedgerRows.mockImplementation(async (name) => (name === 'coal_boilers' ? { items: [], total: 12 } : Promise.reject(new Error('offline'))));
    await mountWithApp(LedgersView);
    await settle(0);
    const areas = $$('[data-test="ledger-area"]');
    expect(areas.map((a) => a.querySelector('.area-title').textContent)).toEqual(['燃煤小锅炉淘汰', '加油站、储油库油气回收']);
    expect(listLedgerRows).toHaveBeenCalledWith('coal_boilers', { per_page: 1 });
    expect($('[data-test="ledger-type-coal_boilers"]').textContent).toContain('12 条');
    expect($('[data-test="ledger-type-coal_boilers"]').getAttribute('href')).toBe('/ledgers/coal_boilers');
    // A count that failed shows a dash, not a wrong number.
    expect($('[data-test="ledger-type-gas_stations"] [data-test="ledger-type-total"]').textContent.trim()).toBe('—');
  });

  it('speaks English when chosen', async () => {
    listLedgerTypes.mockResolvedValue({ items: [boilerType] });
    listLedgerRows.mockResolvedValue({ items: [], total: 1 });
    await mountWithApp(LedgersView, { locale: 'en' });
    await settle(0);
    expect($('[data-test="ledger-type-coal_boilers"]').textContent).toContain('Small coal boilers');
    expect($('[data-test="ledger-type-coal_boilers"]').textContent).toContain('1 row');
  });
});
