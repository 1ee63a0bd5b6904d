-- Cached totals and pages of problem lists (store/list_cache.h): 'problems'
-- moves on any change to what a problem page counts or shows — a problem, its
-- scope rows, and the names joined in (unit, enterprise, verifier, handler).
INSERT INTO list_generations (name, epoch, generation)
  SELECT 'problems', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER problems_list_insert AFTER INSERT ON problems BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER problems_list_update AFTER UPDATE ON problems BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER problems_list_delete AFTER DELETE ON problems BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER problem_scopes_list_insert AFTER INSERT ON problem_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER problem_scopes_list_delete AFTER DELETE ON problem_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER units_problems_list_update AFTER UPDATE OF name ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER enterprises_problems_list_update AFTER UPDATE OF name ON enterprises BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
CREATE TRIGGER users_problems_list_update AFTER UPDATE OF name ON users BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'problems';
END;
