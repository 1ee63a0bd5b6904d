// Helpers over the {id, name, children} tree from GET /api/v1/units/tree.
import { UNIT_KINDS } from './unitKinds.js';

const collator = new Intl.Collator('zh-CN', { numeric: true });

// A sorted copy: by kind in UNIT_KINDS order, then by name.
export function sortUnitTree(nodes) {
  const rank = (k) => {
    const i = UNIT_KINDS.indexOf(k);
    return i < 0 ? UNIT_KINDS.length : i;
  };
  return [...(nodes || [])]
    .sort((a, b) => rank(a.kind) - rank(b.kind) || collator.compare(a.name, b.name))
    .map((n) => (n.children && n.children.length ? { ...n, children: sortUnitTree(n.children) } : n));
}

export function findNode(nodes, id) {
  for (const node of nodes || []) {
    if (node.id === id) return node;
    const hit = findNode(node.children, id);
    if (hit) return hit;
  }
  return null;
}

// Ids from the root down to (and including) `id`; used to expand the tree to
// a unit that was just created.
export function pathTo(nodes, id, trail = []) {
  for (const node of nodes || []) {
    const here = [...trail, node.id];
    if (node.id === id) return here;
    const below = pathTo(node.children, id, here);
    if (below) return below;
  }
  return null;
}

// True if unit `id` is `ancestorId` itself or lies below it in the tree.
export function isWithin(nodes, ancestorId, id) {
  if (ancestorId == null || id == null) return false;
  if (ancestorId === id) return true;
  const top = findNode(nodes, ancestorId);
  return Boolean(top && findNode(top.children, id));
}
