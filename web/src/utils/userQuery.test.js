import { describe, expect, it } from 'vitest';
import { buildUserQuery } from './userQuery.js';

const base = { q: '', unitId: null, role: '', includeDisabled: false, page: 1, perPage: 20, sort: null };

describe('users list query', () => {
  it('sends only paging by default', () => {
    expect(buildUserQuery(base)).toEqual({ page: 1, per_page: 20 });
  });
  it('maps filters and sort to API parameters', () => {
    expect(
      buildUserQuery({
        ...base,
        q: ' 张 ',
        unitId: 12,
        role: 'unit_staff',
        includeDisabled: true,
        page: 3,
        perPage: 50,
        sort: { prop: 'unit_name', order: 'descending' },
      }),
    ).toEqual({
      q: '张',
      unit: 12,
      subtree: true,
      role: 'unit_staff',
      include_disabled: true,
      page: 3,
      per_page: 50,
      sort: '-unit',
    });
  });
  it('drops the sort when the column is unsorted', () => {
    expect(buildUserQuery({ ...base, sort: { prop: 'name', order: null } })).toEqual({ page: 1, per_page: 20 });
    expect(buildUserQuery({ ...base, sort: { prop: 'name', order: 'ascending' } }).sort).toBe('name');
  });
});
