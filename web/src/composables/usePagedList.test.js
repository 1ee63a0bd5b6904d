import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mountWithApp } from '../../tests/helpers.js';
import { usePagedList } from './usePagedList.js';

async function withList(fetchPage, options) {
  let list;
  const Host = defineComponent({
    setup() {
      list = usePagedList(fetchPage, options);
      return () => h('div');
    },
  });
  await mountWithApp(Host, { attach: false });
  return list;
}

// A fetch whose answers the test releases one by one, in any order.
function deferredFetch() {
  const calls = [];
  const fetchPage = vi.fn(
    (query) =>
      new Promise((resolve, reject) => {
        calls.push({ query, resolve, reject });
      }),
  );
  return { fetchPage, calls };
}

describe('usePagedList', () => {
  afterEach(() => vi.clearAllMocks());

  it('asks for the page and size, and fills rows and total', async () => {
    const fetchPage = vi.fn(async () => ({ items: [{ id: 1 }], total: 41 }));
    const list = await withList(fetchPage, { perPage: 20 });
    await list.setPage(3);
    expect(fetchPage).toHaveBeenLastCalledWith({ page: 3, per_page: 20 });
    expect(list.rows).toEqual([{ id: 1 }]);
    expect(list.total).toBe(41);
    await list.setPageSize(50);
    expect(fetchPage).toHaveBeenLastCalledWith({ page: 1, per_page: 50 });
    await list.setPage(2);
    await list.search();
    expect(list.page).toBe(1);
  });

  it('drops an answer that comes after a newer request was sent', async () => {
    const { fetchPage, calls } = deferredFetch();
    const onLoaded = vi.fn();
    const list = await withList(fetchPage, { onLoaded });
    list.setPage(1);
    list.setPage(2);
    expect(list.loading).toBe(true);
    calls[1].resolve({ items: [{ id: 'page 2' }], total: 2 });
    await flushPromises();
    expect(list.rows).toEqual([{ id: 'page 2' }]);
    expect(list.loading).toBe(false);
    calls[0].resolve({ items: [{ id: 'page 1' }], total: 1 });
    await flushPromises();
    expect(list.rows).toEqual([{ id: 'page 2' }]);
    expect(list.total).toBe(2);
    expect(onLoaded).toHaveBeenCalledTimes(1);
  });

  it('keeps loading until the latest answer is in', async () => {
    const { fetchPage, calls } = deferredFetch();
    const list = await withList(fetchPage);
    list.load();
    list.load();
    calls[0].resolve({ items: [{ id: 'old' }], total: 1 });
    await flushPromises();
    expect(list.loading).toBe(true);
    expect(list.rows).toEqual([]);
    calls[1].resolve({ items: [], total: 0 });
    await flushPromises();
    expect(list.loading).toBe(false);
  });

  it('reports only the latest failure, and a later success clears it', async () => {
    const { fetchPage, calls } = deferredFetch();
    const onError = vi.fn();
    const list = await withList(fetchPage, { onError });
    list.load();
    list.load();
    calls[0].reject(new Error('stale failure'));
    await flushPromises();
    expect(onError).not.toHaveBeenCalled();
    expect(list.error).toBeNull();
    calls[1].reject(new Error('latest failure'));
    await flushPromises();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(list.error.message).toBe('latest failure');
    list.load();
    calls[2].resolve({ items: [{ id: 1 }], total: 1 });
    await flushPromises();
    expect(list.error).toBeNull();
  });
});
