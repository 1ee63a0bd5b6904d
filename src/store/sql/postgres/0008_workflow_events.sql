-- The history of every record that runs a workflow (src/core/workflow.h):
-- one row per move, written in the same transaction as the move itself
-- (an action, the status change a progress report causes, a timer), plus a
-- "create" row when the record is made. Shown as the record's timeline; the
-- timer job reads when a record entered its current state from here.
--
-- tasks.status keeps the CHECK constraint of 0004: rebuilding the tasks table
-- in SQLite (seven foreign keys point at it, and foreign keys cannot be
-- switched off inside a migration's transaction) risks more than it gains.
-- Instead the task workflow's registry (src/core/task_workflow.cpp) lists the
-- statuses the table accepts, and a deployment's task.toml naming any other
-- status is refused at start, so the definition and the table cannot disagree.
CREATE TABLE workflow_events (
  id BIGSERIAL PRIMARY KEY,
  workflow TEXT NOT NULL,          -- the definition's name, "task"
  record_id BIGINT NOT NULL,       -- the record's id in the workflow's table
  action TEXT NOT NULL,            -- "accept", "progress_reported", "create"
  from_state TEXT,                 -- NULL for "create"
  to_state TEXT NOT NULL,
  actor_user_id BIGINT REFERENCES users(id),  -- NULL when the system acted (timer)
  at TEXT NOT NULL,                -- RFC 3339 UTC
  note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '[]'  -- JSON list: attachment ids or text
);
CREATE INDEX workflow_events_record ON workflow_events (workflow, record_id, id);

-- Tasks made before this migration get their "create" row.
INSERT INTO workflow_events (workflow, record_id, action, from_state, to_state, actor_user_id, at)
SELECT 'task', id, 'create', NULL, 'not_started', created_by, created_at FROM tasks ORDER BY id;
