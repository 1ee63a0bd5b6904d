import { reactive } from 'vue';
import { useLatestRequest } from './useLatestRequest.js';

/**
 * A list paged on the server where only the latest request may fill the
 * screen: answers can arrive out of order when someone pages or filters
 * quickly, and an older one must not overwrite a newer one.
 *
 * const list = usePagedList(fetchPage, { perPage: 20, onLoaded, onError })
 *
 * fetchPage({page, per_page}) resolves with {items, total}; the screen adds
 * its own filters to the query. Returns a reactive object:
 *   rows, total, page, perPage, loading, error (the latest failure or null),
 *   load()          fetches the current page,
 *   search()        back to page 1 and load (a filter changed),
 *   setPage(p)      that page,
 *   setPageSize(n)  n per page, from page 1.
 * Only the answer to the latest load() is applied, success or failure:
 * onLoaded(answer) runs for it (after rows/total are set), onError(err) too
 * (default: an error toast). `loading` stays on until that answer is in.
 */
export function usePagedList(fetchPage, { perPage = 20, onLoaded = null, onError = null } = {}) {
  const list = reactive({
    rows: [],
    total: 0,
    page: 1,
    perPage,
    loading: false,
    error: null,
    load,
    search,
    setPage,
    setPageSize,
  });

  const run = useLatestRequest(list, { onError });

  function load() {
    list.loading = true;
    return run(
      () => fetchPage({ page: list.page, per_page: list.perPage }),
      (res) => {
        list.rows = (res && res.items) || [];
        list.total = (res && res.total) || 0;
        list.error = null;
        if (onLoaded) onLoaded(res || {});
      },
      () => {
        list.loading = false;
      },
    );
  }

  function search() {
    list.page = 1;
    return load();
  }

  function setPage(page) {
    list.page = page;
    return load();
  }

  function setPageSize(size) {
    list.perPage = size;
    return search();
  }

  return list;
}
