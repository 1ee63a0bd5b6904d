// Helpers over the {id, name, children} tree from GET /api/v1/units/tree.

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
