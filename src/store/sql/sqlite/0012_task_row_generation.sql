-- Cached list pages (issue 10): a page of tasks is kept in memory with the
-- generation it was read at (store/list_cache.h, cached_result) and answered
-- from there while that generation stands. The page shows every column of
-- its tasks, their units' and area's names and facts from their children,
-- parent and reports, so 'task_rows' moves on any change to any of the tables
-- the page query reads: tasks, task_scopes, task_cooperating_units,
-- progress_reports, units and work_areas. ('tasks' moves only on changes a
-- count can see, so totals survive a progress report.)
INSERT INTO list_generations (name, epoch, generation)
  SELECT 'task_rows', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER tasks_rows_insert AFTER INSERT ON tasks BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER tasks_rows_update AFTER UPDATE ON tasks BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER tasks_rows_delete AFTER DELETE ON tasks BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER task_scopes_rows_insert AFTER INSERT ON task_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER task_scopes_rows_update AFTER UPDATE ON task_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER task_scopes_rows_delete AFTER DELETE ON task_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER task_cooperating_units_rows_insert AFTER INSERT ON task_cooperating_units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER task_cooperating_units_rows_update AFTER UPDATE ON task_cooperating_units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER task_cooperating_units_rows_delete AFTER DELETE ON task_cooperating_units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER progress_reports_rows_insert AFTER INSERT ON progress_reports BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER progress_reports_rows_update AFTER UPDATE ON progress_reports BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER progress_reports_rows_delete AFTER DELETE ON progress_reports BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER units_rows_insert AFTER INSERT ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER units_rows_update AFTER UPDATE ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER units_rows_delete AFTER DELETE ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER work_areas_rows_insert AFTER INSERT ON work_areas BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER work_areas_rows_update AFTER UPDATE ON work_areas BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
CREATE TRIGGER work_areas_rows_delete AFTER DELETE ON work_areas BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'task_rows';
END;
