import { reactive } from 'vue';
import { useErrorToast } from './useErrorMessage.js';

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
  const toast = onError ? null : useErrorToast();
  let seq = 0;
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

  async function run(after, apply) {
    const mine = ++seq;
    try {
      const res = (await fetchPage({ per_page: list.perPage, after: after || undefined, with_total: after ? false : undefined })) || {};
      if (mine !== seq) return;
      apply(res);
      cursor = res.next_cursor || '';
      lastCount = (res.items || []).length;
      list.error = null;
    } catch (err) {
      if (mine !== seq) return;
      list.error = err;
      if (onError) onError(err);
      else toast(err);
    } finally {
      if (mine === seq) {
        list.loading = false;
        list.loadingMore = false;
      }
    }
  }

  function load() {
    list.loading = true;
    list.loadingMore = false;
    return run('', (res) => {
      list.rows = res.items || [];
      list.total = typeof res.total === 'number' ? res.total : -1;
    });
  }

  function more() {
    if (!list.hasMore || list.loading || list.loadingMore) return Promise.resolve();
    list.loadingMore = true;
    return run(cursor, (res) => {
      list.rows = [...list.rows, ...(res.items || [])];
    });
  }

  return list;
}
