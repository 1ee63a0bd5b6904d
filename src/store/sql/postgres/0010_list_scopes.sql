-- Lists whose cost follows the page, not the scope (issue 10; docs/benchmarks.md
-- "listsql"). Same as the SQLite migration of the same number; see there.

-- 1. The reader's scope kept as rows (tasks::refresh_scopes maintains them).
CREATE TABLE task_scopes (
  unit_id BIGINT NOT NULL,
  deadline TEXT NOT NULL,
  task_id BIGINT NOT NULL,
  PRIMARY KEY (unit_id, deadline, task_id)
);
CREATE INDEX task_scopes_task ON task_scopes (task_id);
WITH RECURSIVE up(task_id, unit_id) AS (
  SELECT id, owner_unit_id FROM tasks
  UNION SELECT id, lead_unit_id FROM tasks
  UNION SELECT task_id, unit_id FROM task_cooperating_units
  UNION SELECT up.task_id, u.parent_id FROM up JOIN units u ON u.id = up.unit_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO task_scopes (unit_id, deadline, task_id)
SELECT up.unit_id, t.deadline, up.task_id FROM up JOIN tasks t ON t.id = up.task_id;

-- 2. Generations for cached list totals (store/count_cache.h); each change
-- adds a random step (never reused after a rollback).
CREATE TABLE list_generations (
  name TEXT PRIMARY KEY,
  epoch TEXT NOT NULL,
  generation BIGINT NOT NULL
);
INSERT INTO list_generations (name, epoch, generation) VALUES
  ('tasks', substr(md5(random()::text || clock_timestamp()::text), 1, 16), 1),
  ('users', substr(md5(random()::text || clock_timestamp()::text), 1, 16), 1);
-- Once per transaction and list: the generation row is locked by the first
-- bump until commit anyway, and updating one row thousands of times in a
-- transaction (a bulk insert) would make PostgreSQL walk ever longer version
-- chains. A savepoint rolled back undoes the marker with the update.
CREATE FUNCTION list_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  list text;
  tx text := txid_current()::text;
BEGIN
  FOREACH list IN ARRAY TG_ARGV LOOP
    IF current_setting('lantian.generation_' || list, true) IS DISTINCT FROM tx THEN
      UPDATE list_generations SET generation = generation + 1 + floor(random() * 1e12)::bigint
        WHERE name = list;
      PERFORM set_config('lantian.generation_' || list, tx, true);
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;
CREATE TRIGGER tasks_generation_insert AFTER INSERT ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('tasks');
CREATE TRIGGER tasks_generation_delete AFTER DELETE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('tasks');
CREATE TRIGGER tasks_generation_update AFTER UPDATE OF campaign_id, work_area_id, parent_id, path, code, title,
  owner_unit_id, owner_unit_path, lead_unit_id, lead_unit_path, responsible_user_id, deadline, status ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('tasks');
CREATE TRIGGER task_cooperating_units_generation AFTER INSERT OR UPDATE OR DELETE ON task_cooperating_units
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('tasks');
CREATE TRIGGER units_generation_update AFTER UPDATE OF path, parent_id OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('tasks', 'users');
CREATE TRIGGER users_generation AFTER INSERT OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('users');
CREATE TRIGGER users_generation_update AFTER UPDATE OF username, name, phone, unit_id, roles, disabled ON users
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('users');

-- 3. The district-wide overdue list walked in page order.
CREATE INDEX tasks_due ON tasks (deadline, id, status);
