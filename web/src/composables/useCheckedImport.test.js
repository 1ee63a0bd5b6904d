import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mountWithApp } from '../../tests/helpers.js';
import { ApiError } from '../api/client.js';
import { useCheckedImport } from './useCheckedImport.js';

async function withImport(send) {
  let imp;
  const imported = [];
  const Host = defineComponent({
    setup() {
      imp = useCheckedImport(send, { onImported: (r) => imported.push(r) });
      return () => h('div');
    },
  });
  await mountWithApp(Host, { attach: false });
  return { imp, imported };
}

// A send whose answers the test releases one by one, in any order.
function deferredSend() {
  const calls = [];
  const send = (file, dryRun) =>
    new Promise((resolve, reject) => {
      calls.push({ file, dryRun, resolve, reject });
    });
  return { send, calls };
}

describe('useCheckedImport', () => {
  it('keeps only the latest check, then imports and reports what was written', async () => {
    const { send, calls } = deferredSend();
    const { imp, imported } = await withImport(send);
    imp.file.value = 'a.xlsx';
    imp.preview();
    imp.preview(); // an option changed: checked again
    expect(calls.map((c) => c.dryRun)).toEqual([true, true]);
    calls[1].resolve({ rows: 2, errors: 0 });
    await flushPromises();
    calls[0].resolve({ rows: 1, errors: 0 }); // the older answer arrives late
    await flushPromises();
    expect(imp.step.value).toBe(1);
    expect(imp.report.value).toEqual({ rows: 2, errors: 0 });
    expect(imp.busy.value).toBe(false);

    imp.run();
    expect(imp.busy.value).toBe(true);
    calls[2].resolve({ written: true });
    await flushPromises();
    expect(calls[2].dryRun).toBe(false);
    expect(imp.step.value).toBe(2);
    expect(imported).toEqual([{ written: true }]);
  });

  it('shows the report of a refused import again, with the reason by code', async () => {
    const { send, calls } = deferredSend();
    const { imp, imported } = await withImport(send);
    imp.file.value = 'a.xlsx';
    imp.preview();
    calls[0].resolve({ rows: 1, errors: 0 });
    await flushPromises();
    imp.run();
    const refused = new ApiError({
      status: 422,
      code: 'enterprise_list_has_errors',
      params: { errors: '1' },
      body: { code: 'enterprise_list_has_errors', report: { rows: 1, errors: 1 } },
    });
    calls[1].reject(refused);
    await flushPromises();
    expect(imp.step.value).toBe(1);
    expect(imp.report.value).toEqual({ rows: 1, errors: 1 });
    expect(imp.error.value).not.toBe('');
    expect(imported).toEqual([]);

    imp.reset();
    expect(imp.step.value).toBe(0);
    expect(imp.file.value).toBe(null);
    expect(imp.error.value).toBe('');
  });
});
