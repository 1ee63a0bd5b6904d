-- Task lists at 100,000 tasks (bench/run_tasks.sh, docs/benchmarks.md).
-- "My tasks" filters by the responsible user, the open statuses and the
-- deadline, and every list adds the reader's scope (owner or lead unit path
-- in their subtree): with both paths in the index, COUNT(*) can be an
-- index-only scan instead of one heap row per matching task.
DROP INDEX tasks_responsible;
CREATE INDEX tasks_responsible ON tasks (responsible_user_id, status, deadline, owner_unit_path, lead_unit_path);
-- The page itself is ordered by deadline (then id): walking one person's
-- tasks in that order lets the query stop after a page of matches instead of
-- sorting every match first.
CREATE INDEX tasks_responsible_due ON tasks (responsible_user_id, deadline);
