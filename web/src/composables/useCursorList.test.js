import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mountWithApp } from '../../tests/helpers.js';
import { useCursorList } from './useCursorList.js';

async function withList(fetchPage, options) {
  let list;
  const Host = defineComponent({
    setup() {
      list = useCursorList(fetchPage, options);
      return () => h('div');
    },
  });
  await mountWithApp(Host, { attach: false });
  return list;
}

const page = (ids, total, cursor = `r${ids[ids.length - 1]}`) => ({ items: ids.map((id) => ({ id })), total, next_cursor: cursor });

describe('useCursorList', () => {
  afterEach(() => vi.clearAllMocks());

  it('asks for the total with the first page only and appends the next by its cursor', async () => {
    const fetchPage = vi.fn().mockResolvedValueOnce(page([9, 8], 3)).mockResolvedValueOnce({ items: [{ id: 7 }], total: -1, next_cursor: 'r7' });
    const list = await withList(fetchPage, { perPage: 2 });
    await list.load();
    expect(fetchPage).toHaveBeenLastCalledWith({ per_page: 2, after: undefined, with_total: undefined });
    expect(list.rows.map((r) => r.id)).toEqual([9, 8]);
    expect(list.total).toBe(3);
    expect(list.hasMore).toBe(true);
    await list.more();
    expect(fetchPage).toHaveBeenLastCalledWith({ per_page: 2, after: 'r8', with_total: false });
    expect(list.rows.map((r) => r.id)).toEqual([9, 8, 7]);
    expect(list.total).toBe(3);
    expect(list.hasMore).toBe(false);
    await list.more();
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('has no more after a short page, even with a cursor and no total', async () => {
    const list = await withList(vi.fn().mockResolvedValue(page([1], -1)), { perPage: 2 });
    await list.load();
    expect(list.hasMore).toBe(false);
  });

  it('starts over on load, and drops a page that answers after a newer request', async () => {
    const calls = [];
    const fetchPage = vi.fn((q) => new Promise((resolve) => calls.push({ q, resolve })));
    const list = await withList(fetchPage, { perPage: 2 });
    list.load();
    calls[0].resolve(page([9, 8], 10));
    await flushPromises();
    list.more();
    expect(list.loadingMore).toBe(true);
    list.load(); // a filter changed meanwhile
    calls[2].resolve(page([5, 4], 2));
    await flushPromises();
    calls[1].resolve(page([7, 6], -1));
    await flushPromises();
    expect(list.rows.map((r) => r.id)).toEqual([5, 4]);
    expect(list.total).toBe(2);
    expect(list.loading).toBe(false);
    expect(list.loadingMore).toBe(false);
  });

  it('reports a failure and keeps the rows it had', async () => {
    const onError = vi.fn();
    const fetchPage = vi.fn().mockResolvedValueOnce(page([2, 1], 4)).mockRejectedValueOnce(new Error('offline'));
    const list = await withList(fetchPage, { perPage: 2, onError });
    await list.load();
    await list.more();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(list.error.message).toBe('offline');
    expect(list.rows).toHaveLength(2);
    expect(list.hasMore).toBe(true);
  });
});
