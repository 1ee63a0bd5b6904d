-- Lists whose cost follows the page, not the scope (issue 10; docs/benchmarks.md
-- "listsql").
--
-- 1. The reader's scope kept as rows: one row per task and per unit that may
-- see it, i.e. every ancestor-or-self of its owner unit, its lead unit and its
-- cooperating units, with the task's deadline. A subtree reader's list in
-- deadline order is then one range of the primary key (unit_id = the reader's
-- unit) instead of a walk over every task with an OR EXISTS per row.
-- Maintained by store/tasks_repo.cpp (tasks::refresh_scopes) whenever a task
-- is inserted or its units or deadline change, and when a unit moves.
CREATE TABLE task_scopes (
  unit_id INTEGER NOT NULL,
  deadline TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  PRIMARY KEY (unit_id, deadline, task_id)
) WITHOUT ROWID;
CREATE INDEX task_scopes_task ON task_scopes (task_id);
WITH RECURSIVE up(task_id, unit_id) AS (
  SELECT id, owner_unit_id FROM tasks
  UNION SELECT id, lead_unit_id FROM tasks
  UNION SELECT task_id, unit_id FROM task_cooperating_units
  UNION SELECT up.task_id, u.parent_id FROM up JOIN units u ON u.id = up.unit_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO task_scopes (unit_id, deadline, task_id)
SELECT up.unit_id, t.deadline, up.task_id FROM up JOIN tasks t ON t.id = up.task_id;

-- 2. A list's total without recounting: a generation per list that triggers
-- move on every change a count can see; store/count_cache.h keeps counts per
-- (query, generation). `epoch` tells databases apart within one process.
-- A change adds a random step, so a generation seen inside a transaction
-- that was then rolled back is not handed out again by a later commit.
-- Not copied by `db copy` (each database keeps its own, like schema_migrations).
CREATE TABLE list_generations (
  name TEXT PRIMARY KEY,
  epoch TEXT NOT NULL,
  generation INTEGER NOT NULL
);
INSERT INTO list_generations (name, epoch, generation) VALUES
  ('tasks', lower(hex(randomblob(8))), 1),
  ('users', lower(hex(randomblob(8))), 1);
CREATE TRIGGER tasks_generation_insert AFTER INSERT ON tasks BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'tasks';
END;
CREATE TRIGGER tasks_generation_delete AFTER DELETE ON tasks BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'tasks';
END;
-- Only the columns a task list filters on (progress and roll-ups do not move it).
CREATE TRIGGER tasks_generation_update AFTER UPDATE OF campaign_id, work_area_id, parent_id, path, code, title,
  owner_unit_id, owner_unit_path, lead_unit_id, lead_unit_path, responsible_user_id, deadline, status ON tasks BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'tasks';
END;
CREATE TRIGGER task_cooperating_units_generation_insert AFTER INSERT ON task_cooperating_units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'tasks';
END;
CREATE TRIGGER task_cooperating_units_generation_delete AFTER DELETE ON task_cooperating_units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'tasks';
END;
CREATE TRIGGER task_cooperating_units_generation_update AFTER UPDATE ON task_cooperating_units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'tasks';
END;
CREATE TRIGGER units_generation_update AFTER UPDATE OF path, parent_id ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name IN ('tasks', 'users');
END;
CREATE TRIGGER units_generation_delete AFTER DELETE ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name IN ('tasks', 'users');
END;
CREATE TRIGGER users_generation_insert AFTER INSERT ON users BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'users';
END;
CREATE TRIGGER users_generation_delete AFTER DELETE ON users BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'users';
END;
CREATE TRIGGER users_generation_update AFTER UPDATE OF username, name, phone, unit_id, roles, disabled ON users BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'users';
END;

-- 3. The district-wide overdue list: open tasks with a past deadline, in
-- (deadline, id) order. tasks_open_deadline (status, deadline) yields one run
-- per open status, which must be merged by a sort; this index is walked in
-- page order and filters the status from the index itself, stopping after a
-- page. (Naming id keeps (deadline, id) order ahead of the status column.)
CREATE INDEX tasks_due ON tasks (deadline, id, status);
