// Task helpers shared by the task screens: quantities, percentages, the
// progress bar's colour and the flattening of a task subtree for the tree
// table and timeline. Statuses, their labels and colours, and the actions a
// user may take come from the server (stores/workflows.js, `task.actions`).

/** 2000 → "2000", 12.5 → "12.5", 0.1 + 0.2 → "0.3"; "" for null. */
export function formatQuantity(value) {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return '';
  const n = Math.round(Number(value) * 1e6) / 1e6;
  return String(n);
}

/** "30 / 100 户" or "" when the task has no quantitative target. */
export function quantityText(task) {
  if (!task || task.target_value === null || task.target_value === undefined) return '';
  const unit = task.measure_unit ? ` ${task.measure_unit}` : '';
  return `${formatQuantity(task.achieved_value || 0)} / ${formatQuantity(task.target_value)}${unit}`;
}

// A report may give a quantity only on a leaf with a target (the server
// sums a parent's quantity from its subtasks).
export const reportsQuantity = (task) =>
  Boolean(task) && task.target_value !== null && task.target_value !== undefined && !(task.child_count > 0);

/**
 * What is left of the parent's target after existing subtasks and the rows
 * being added: parentTarget − allocated − Σ rows. null when the parent has
 * no quantitative target. Empty row values count as 0.
 */
export function remainingAllocation(parentTarget, allocated, rowValues) {
  if (parentTarget === null || parentTarget === undefined) return null;
  let sum = Number(allocated) || 0;
  for (const v of rowValues || []) {
    const n = Number(v);
    if (v !== null && v !== undefined && v !== '' && !Number.isNaN(n)) sum += n;
  }
  return Math.round((Number(parentTarget) - sum) * 1e6) / 1e6;
}

/**
 * Progress (0..1) as the percent users see, the one rule for every bar, card,
 * table, chart and label: one decimal, truncated, never 100 unless complete
 * (1971/2000 → 98.5, 0.9999 → 99.9). The export follows the same rule
 * (core percent_shown).
 */
export function percentOf(progress) {
  const p = Number(progress) || 0;
  if (p <= 0) return 0;
  if (p >= 1) return 100;
  // The small nudge keeps 0.29 (28.999… in binary) at 29.
  return Math.min(Math.floor(p * 1000 + 1e-6), 999) / 10;
}

/** "98.5%", "100%", "0%". */
export const formatPercent = (progress) => `${percentOf(progress)}%`;

/**
 * Nests a subtree answer (the task first, then descendants in tree order,
 * each with parent_id) into {…task, children: […]} nodes.
 */
export function nestTree(items) {
  const byId = new Map();
  for (const t of items || []) byId.set(t.id, { ...t, children: [] });
  const roots = [];
  for (const node of byId.values()) {
    const parent = node.parent_id != null ? byId.get(node.parent_id) : null;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

// Field errors of a decomposition: "subtasks[1].target_value" → {row: 1, field: "target_value"}.
export function parseSubtaskField(field) {
  const m = /^subtasks\[(\d+)\]\.(.+)$/.exec(field || '');
  return m ? { row: Number(m[1]), field: m[2] } : null;
}

// Bar colour for a task's progress: red when overdue; once the work is
// done (the workflow state's `done` flag) the state's own colour; else the
// default. `state` is the task's state from its workflow definition.
// (A colour rather than el-progress' status, which hides the percentage.)
export function progressColor(task, state) {
  if (!task) return '';
  if (task.overdue) return '#d03030';
  if (state && state.done && state.color) return state.color;
  return '';
}
