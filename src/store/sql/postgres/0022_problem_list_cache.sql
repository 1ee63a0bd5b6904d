-- Cached totals and pages of problem lists (store/list_cache.h): 'problems'
-- moves on any change to what a problem page counts or shows — a problem, its
-- scope rows, and the names joined in (unit, enterprise, verifier, handler).
INSERT INTO list_generations (name, epoch, generation)
  SELECT 'problems', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER problems_list AFTER INSERT OR UPDATE OR DELETE ON problems
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('problems');
CREATE TRIGGER problem_scopes_list AFTER INSERT OR DELETE ON problem_scopes
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('problems');
CREATE TRIGGER units_problems_list AFTER UPDATE OF name ON units
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('problems');
CREATE TRIGGER enterprises_problems_list AFTER UPDATE OF name ON enterprises
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('problems');
CREATE TRIGGER users_problems_list AFTER UPDATE OF name ON users
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('problems');
