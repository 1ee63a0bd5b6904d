// Maps the users screen's filter/sort/paging state to GET /api/v1/users
// parameters. Kept apart from the component so the mapping is obvious and
// testable.

// el-table column prop → API sort key (the API sorts by unit name as `unit`).
const SORT_KEYS = { username: 'username', name: 'name', unit_name: 'unit', created_at: 'created_at', id: 'id' };

export function sortParam(sort) {
  if (!sort || !sort.prop || !sort.order) return undefined;
  const key = SORT_KEYS[sort.prop];
  if (!key) return undefined;
  return sort.order === 'descending' ? `-${key}` : key;
}

export function buildUserQuery({ q, unitId, role, includeDisabled, page, perPage, sort }) {
  const query = { page, per_page: perPage };
  if (q && q.trim()) query.q = q.trim();
  if (unitId != null && unitId !== '') {
    query.unit = unitId;
    // A township filter should show its villages' staff too.
    query.subtree = true;
  }
  if (role) query.role = role;
  if (includeDisabled) query.include_disabled = true;
  const s = sortParam(sort);
  if (s) query.sort = s;
  return query;
}
