import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mountWithApp } from '../../../tests/helpers.js';
import { boilerType } from '../../../tests/fixtures/ledgers.js';

vi.mock('../../api/workflows.js', () => ({ listWorkflows: vi.fn(async () => ({ items: [] })), getWorkflow: vi.fn(async () => null) }));
import LedgerFilters from './LedgerFilters.vue';

// A type whose list filters by a date: the boiler fixture with stop_date as a filter.
const dated = { ...boilerType, list: { ...boilerType.list, filters: ['stop_date'] } };

async function mountFilters(value) {
  const model = ref(value);
  const changes = [];
  const Host = defineComponent({
    setup: () => () =>
      h(LedgerFilters, { type: dated, modelValue: model.value, 'onUpdate:modelValue': (v) => (model.value = v), onChange: (v) => changes.push(v) }),
  });
  await mountWithApp(Host);
  return { model, changes };
}

describe('LedgerFilters', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows a date filter as a range of days, from the text the server takes', async () => {
    await mountFilters({ status: [], unit: null, stop_date: '2017-10-01..2017-10-31' });
    const inputs = [...document.body.querySelectorAll('[data-test="ledger-filter-stop_date"] input')].map((i) => i.value);
    expect(inputs).toEqual(['2017-10-01', '2017-10-31']);
  });

  it('reads a single day (an older link) as a range of that day, and nothing as empty', async () => {
    await mountFilters({ status: [], unit: null, stop_date: '2017-10-05' });
    const inputs = [...document.body.querySelectorAll('[data-test="ledger-filter-stop_date"] input')].map((i) => i.value);
    expect(inputs).toEqual(['2017-10-05', '2017-10-05']);
    document.body.innerHTML = '';
    await mountFilters({ status: [], unit: null, stop_date: '' });
    expect([...document.body.querySelectorAll('[data-test="ledger-filter-stop_date"] input')].map((i) => i.value)).toEqual(['', '']);
  });
});
