import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mountWithApp } from '../../tests/helpers.js';
import { ApiError } from '../api/client.js';
import { isTransient, useUploadQueue } from './useUploadQueue.js';

async function withQueue(uploadFn, options = { delays: [0, 0] }) {
  let queue;
  const Host = defineComponent({
    setup() {
      queue = useUploadQueue(uploadFn, options);
      return () => h('div');
    },
  });
  const { wrapper } = await mountWithApp(Host, { attach: false });
  return { queue, wrapper };
}

const file = (name) => new File(['x'], name, { type: 'image/jpeg' });
const offline = () => new ApiError({ status: 0, title: 'network' });

describe('useUploadQueue', () => {
  afterEach(() => vi.clearAllMocks());

  it('tells transient failures from refusals', () => {
    expect([0, 408, 429, 500, 503].map((status) => isTransient(new ApiError({ status })))).toEqual([true, true, true, true, true]);
    expect([403, 413, 422].map((status) => isTransient(new ApiError({ status })))).toEqual([false, false, false]);
  });

  it('uploads each file at once and lists the stored records in the order picked', async () => {
    const upload = vi.fn(async (f, onProgress) => {
      onProgress(0.5);
      return { id: f.name === 'a.jpg' ? 1 : 2, filename: f.name };
    });
    const { queue } = await withQueue(upload);
    await queue.add([file('a.jpg'), file('b.jpg')]);
    expect(queue.items.map((i) => [i.name, i.status, i.progress])).toEqual([
      ['a.jpg', 'done', 100],
      ['b.jpg', 'done', 100],
    ]);
    expect(queue.done.map((f) => f.id)).toEqual([1, 2]);
    expect(queue.uploading).toBe(false);
  });

  it('tries a transient failure again by itself, then waits for retry', async () => {
    const upload = vi.fn().mockRejectedValueOnce(offline()).mockResolvedValueOnce({ id: 5 });
    const { queue } = await withQueue(upload);
    await queue.add([file('a.jpg')]);
    expect(upload).toHaveBeenCalledTimes(2);
    expect(queue.items[0].status).toBe('done');
    expect(queue.items[0].attempts).toBe(2);

    upload.mockReset();
    upload.mockRejectedValue(offline());
    await queue.add([file('b.jpg')]);
    expect(upload).toHaveBeenCalledTimes(3); // the first try and the two delays
    const failed = queue.items[1];
    expect(failed.status).toBe('error');
    expect(failed.error).toBe('无法连接服务器，请检查网络后重试');
    expect(queue.failed).toHaveLength(1);
    upload.mockResolvedValueOnce({ id: 6 });
    await queue.retry(failed);
    expect(queue.items[1].status).toBe('done');
    expect(queue.done.map((f) => f.id)).toEqual([5, 6]);
  });

  it('does not repeat a refusal, and says why', async () => {
    const upload = vi.fn().mockRejectedValue(new ApiError({ status: 413, code: 'file_too_large', params: { max: '8 MiB' } }));
    const { queue } = await withQueue(upload);
    await queue.add([file('big.jpg')]);
    expect(upload).toHaveBeenCalledTimes(1);
    expect(queue.items[0].status).toBe('error');
    expect(queue.items[0].error).not.toBe('');
  });

  it('puts records stored earlier back as done, once each, and forgets removed items', async () => {
    let release;
    const upload = vi.fn(() => new Promise((resolve) => (release = resolve)));
    const { queue } = await withQueue(upload);
    queue.restore([{ id: 3, filename: '停用封存.png' }, { id: 3, filename: 'again' }, null]);
    expect(queue.items.map((i) => [i.name, i.status])).toEqual([['停用封存.png', 'done']]);
    const pending = queue.add([file('late.jpg')]);
    expect(queue.uploading).toBe(true);
    queue.remove(queue.items[1]);
    release({ id: 9 });
    await pending;
    await flushPromises();
    expect(queue.done.map((f) => f.id)).toEqual([3]);
    queue.clear();
    expect(queue.items).toHaveLength(0);
  });

  it('holds the files picked for a record not yet filed, then uploads them one after the other', async () => {
    const order = [];
    const upload = vi.fn(async (f) => {
      order.push(`start ${f.name}`);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`end ${f.name}`);
      return { id: f.name === 'a.jpg' ? 1 : 2, filename: f.name };
    });
    const { queue } = await withQueue(upload, { delays: [0], held: true });
    await queue.add([file('a.jpg'), file('b.jpg')]);
    expect(upload).not.toHaveBeenCalled();
    expect(queue.items.map((i) => i.status)).toEqual(['waiting', 'waiting']);
    expect(queue.waiting).toHaveLength(2);
    expect(queue.uploading).toBe(false);
    await queue.start();
    expect(order).toEqual(['start a.jpg', 'end a.jpg', 'start b.jpg', 'end b.jpg']);
    expect(queue.done.map((f) => f.id)).toEqual([1, 2]);
    // Released: a later pick goes at once.
    await queue.add([file('c.jpg')]);
    expect(upload).toHaveBeenCalledTimes(3);
    expect(queue.waiting).toHaveLength(0);
  });
});
