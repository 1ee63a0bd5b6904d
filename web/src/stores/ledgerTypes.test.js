import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { boilerType, gasType } from '../../tests/fixtures/ledgers.js';

vi.mock('../api/ledgers.js', () => ({ listLedgerTypes: vi.fn() }));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn() }));
import { listLedgerTypes } from '../api/ledgers.js';
import { getWorkflow } from '../api/workflows.js';
import { useLedgerTypesStore } from './ledgerTypes.js';
import { useWorkflowsStore } from './workflows.js';

describe('ledger types store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.clearAllMocks();
  });

  it('loads the types once and finds them by name', async () => {
    listLedgerTypes.mockResolvedValue({ items: [boilerType, gasType] });
    const store = useLedgerTypesStore();
    await Promise.all([store.load(), store.load()]);
    await store.load();
    expect(listLedgerTypes).toHaveBeenCalledTimes(1);
    expect(store.type('gas_stations').label['zh-CN']).toBe('加油站油气回收台账');
    expect(store.type('nope')).toBeNull();
  });

  it('hands each type’s workflow to the workflows store, so tags and buttons need no other request', async () => {
    listLedgerTypes.mockResolvedValue({ items: [boilerType] });
    await useLedgerTypesStore().load();
    const workflows = useWorkflowsStore();
    expect(workflows.stateLabel('ledger_boilers', 'verified', 'zh-CN')).toBe('已核验销号');
    expect(workflows.stateColor('ledger_boilers', 'stopped')).toBe('#409eff');
    expect(workflows.actionsOf('ledger_boilers', ['verify', 'edit', 'stop']).map((a) => a.name)).toEqual(['stop', 'verify']);
    await workflows.load('ledger_boilers');
    expect(getWorkflow).not.toHaveBeenCalled();
  });

  it('asks again after a failed load', async () => {
    listLedgerTypes.mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce({ items: [gasType] });
    const store = useLedgerTypesStore();
    await expect(store.load()).rejects.toThrow('offline');
    expect(store.loaded).toBe(false);
    await store.load();
    expect(store.items).toHaveLength(1);
  });
});
