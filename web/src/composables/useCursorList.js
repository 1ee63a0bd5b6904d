import { reactive } from 'vue';
import { useLatestRequest } from './useLatestRequest.js';

/**
 * A server list paged by keyset cursor (`after` = the previous answer's
 * `next_cursor`), shown as one growing list with "load more": the ledger
 * lists. Only the answer to the latest request is applied, as in
 * usePagedList: a filter changed while a page was under way wins.
 *
 * const list = useCursorList(fetchPage, { perPage: 50, onError })
 *
 * fetchPage({per_page, after, with_total}) resolves with {items, total,
 * next_cursor}; the total is asked for with the first page only. Returns a
 * reactive object: rows, total (-1 when unknown), loading, loadingMore,
 * error, hasMore, load() (from the start), more() (the next page, appended).
 */
export function useCursorList(fetchPage, { perPage = 50, onError = null } = {}) {
  let cursor = '';
  let lastCount = 0;

  const list = reactive({
    rows: [],
    total: -1,
    perPage,
    loading: false,
    loadingMore: false,
    error: null,
    get hasMore() {
      if (!cursor || lastCount < list.perPage) return false;
      return list.total < 0 || list.rows.length < list.total;
    },
    load,
    more,
  });

  const run = useLatestRequest(list, { onError });

  // A page after `after` ('' for the first); apply(answer) puts its rows in.
  function page(after, apply) {
    return run(
      () => fetchPage({ per_page: list.perPage, after: after || undefined, with_total: after ? false : undefined }),
      (res) => {
        const answer = res || {};
        apply(answer);
        cursor = answer.next_cursor || '';
        lastCount = (answer.items || []).length;
      },
      () => {
        list.loading = false;
        list.loadingMore = false;
      },
    );
  }

  function load() {
    list.loading = true;
    list.loadingMore = false;
    return page('', (res) => {
      list.rows = res.items || [];
      list.total = typeof res.total === 'number' ? res.total : -1;
    });
  }

  function more() {
    if (!list.hasMore || list.loading || list.loadingMore) return Promise.resolve();
    list.loadingMore = true;
    return page(cursor, (res) => {
      list.rows = [...list.rows, ...(res.items || [])];
    });
  }

  return list;
}
