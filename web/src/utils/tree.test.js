import { describe, expect, it } from 'vitest';
import { findNode, pathTo, sortUnitTree } from './tree.js';

const tree = [
  {
    id: 1,
    name: '禹王台区人民政府',
    kind: 'district_government',
    children: [
      { id: 29, name: '南郊乡', kind: 'township', children: [{ id: 31, name: '范村', kind: 'village' }, { id: 30, name: '南郊村', kind: 'village' }] },
      { id: 4, name: '区环境保护局', kind: 'district_department' },
      { id: 2, name: '区大气污染防治攻坚办公室', kind: 'campaign_office' },
      { id: 18, name: '三里堡街道办事处', kind: 'street_office' },
      { id: 33, name: '汪屯乡', kind: 'township' },
    ],
  },
];

describe('unit tree helpers', () => {
  it('orders by kind, then by Chinese name', () => {
    const sorted = sortUnitTree(tree);
    expect(sorted[0].children.map((n) => n.id)).toEqual([2, 4, 29, 33, 18]);
    expect(sorted[0].children[2].children.map((n) => n.name)).toEqual(['范村', '南郊村']);
    expect(tree[0].children[0].id).toBe(29); // input untouched
  });
  it('finds nodes and their path', () => {
    expect(findNode(tree, 30).name).toBe('南郊村');
    expect(pathTo(tree, 30)).toEqual([1, 29, 30]);
    expect(pathTo(tree, 999)).toBeNull();
  });
});
