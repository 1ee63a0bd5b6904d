-- Cached list pages (issue 10). Same as the SQLite migration of the same
-- number; see there. Statement triggers, moved once per transaction
-- (list_generation_bump, migration 0010).
INSERT INTO list_generations (name, epoch, generation)
  SELECT 'task_rows', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER tasks_rows AFTER INSERT OR UPDATE OR DELETE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('task_rows');
CREATE TRIGGER task_scopes_rows AFTER INSERT OR UPDATE OR DELETE ON task_scopes
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('task_rows');
CREATE TRIGGER task_cooperating_units_rows AFTER INSERT OR UPDATE OR DELETE ON task_cooperating_units
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('task_rows');
CREATE TRIGGER progress_reports_rows AFTER INSERT OR UPDATE OR DELETE ON progress_reports
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('task_rows');
CREATE TRIGGER units_rows AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('task_rows');
CREATE TRIGGER work_areas_rows AFTER INSERT OR UPDATE OR DELETE ON work_areas
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('task_rows');
