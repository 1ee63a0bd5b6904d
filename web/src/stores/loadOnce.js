/**
 * The list a store asks the server for once per session (the unit tree, the
 * ledger types, the checklists): `fetchItems()` resolves with the items,
 * which land in store.items with store.loaded set; callers while it is under
 * way share the one request (store.pending); a failed load is asked again
 * next time. With `force` it is asked again anyway (after a change).
 * Resolves with the items, rejects with the ApiError.
 */
export function loadOnce(store, fetchItems, { force = false } = {}) {
  if (store.loaded && !force) return Promise.resolve(store.items);
  if (store.pending && !force) return store.pending;
  store.pending = fetchItems()
    .then((items) => {
      store.items = items;
      store.loaded = true;
      return items;
    })
    .finally(() => {
      store.pending = null;
    });
  return store.pending;
}
