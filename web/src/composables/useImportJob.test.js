import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mountWithApp } from '../../tests/helpers.js';
import { ApiError } from '../api/client.js';
import { useImportJob } from './useImportJob.js';

async function withJob(fetchJob, options) {
  let job;
  const Host = defineComponent({
    setup() {
      job = useImportJob(fetchJob, { interval: 5, key: () => 'ledger.coal_boilers', ...options });
      return () => h('div');
    },
  });
  const { wrapper } = await mountWithApp(Host, { attach: false });
  return { job, wrapper };
}
const until = async (cond) => {
  for (let i = 0; i < 200 && !cond(); i++) {
    await new Promise((r) => setTimeout(r, 5));
    await flushPromises();
  }
};

describe('useImportJob', () => {
  afterEach(() => {
    vi.clearAllMocks();
    sessionStorage.clear();
  });

  it('follows a job to its end with its progress, and forgets it then', async () => {
    const answers = [
      { id: 'j1', state: 'running', total: 3000, processed: 1000 },
      { id: 'j1', state: 'running', total: 3000, processed: 2000 },
      { id: 'j1', state: 'done', total: 3000, processed: 3000, report: { new: 3000 } },
    ];
    const seen = [];
    const fetchJob = vi.fn(async () => answers.shift());
    const onDone = vi.fn();
    const { job } = await withJob(async (id) => {
      const a = await fetchJob(id);
      seen.push(a.processed);
      return a;
    }, { onDone });
    job.start('j1', { total: 3000 });
    expect(job.running).toBe(true);
    expect(sessionStorage.getItem('lantian.import-job.ledger.coal_boilers')).toBe('j1');
    await until(() => onDone.mock.calls.length > 0);
    expect(seen).toEqual([1000, 2000, 3000]);
    expect(fetchJob).toHaveBeenCalledWith('j1');
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ report: { new: 3000 } }));
    expect(job.running).toBe(false);
    expect(job.percent).toBe(100);
    expect(sessionStorage.getItem('lantian.import-job.ledger.coal_boilers')).toBeNull();
  });

  it('keeps asking through a poor connection, and ends on a refusal or a failed job', async () => {
    const fetchJob = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ status: 0, title: 'network' }))
      .mockResolvedValueOnce({ id: 'j2', state: 'failed', total: 10, processed: 4, error: { code: 'internal', message: 'x' } });
    const onFailed = vi.fn();
    const { job } = await withJob(fetchJob, { onFailed });
    job.start('j2');
    await until(() => onFailed.mock.calls.length > 0);
    expect(fetchJob).toHaveBeenCalledTimes(2);
    expect(onFailed.mock.calls[0][0].error.code).toBe('internal');

    const gone = vi.fn().mockRejectedValue(new ApiError({ status: 404, code: 'import_job_not_found' }));
    const failed = vi.fn();
    const other = await withJob(gone, { onFailed: failed });
    other.job.start('j3');
    await until(() => failed.mock.calls.length > 0);
    expect(gone).toHaveBeenCalledTimes(1);
    expect(failed.mock.calls[0][0].code).toBe('import_job_not_found');
  });

  it('picks up the job of this tab after a reload', async () => {
    sessionStorage.setItem('lantian.import-job.ledger.coal_boilers', 'j4');
    const fetchJob = vi.fn(async () => ({ id: 'j4', state: 'running', total: 100, processed: 50 }));
    const { job, wrapper } = await withJob(fetchJob);
    expect(job.resume()).toBe(true);
    await until(() => job.processed === 50);
    expect(job.percent).toBe(50);
    wrapper.unmount();
    const calls = fetchJob.mock.calls.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(fetchJob.mock.calls.length).toBe(calls);
  });
});
