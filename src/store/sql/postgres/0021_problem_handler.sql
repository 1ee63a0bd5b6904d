-- The handler (承办人) of a supervision problem: the campaign office user who
-- assigned it (problem.toml's take_handler effect on "assign"). The unit's
-- returns, extension requests and reports, and the look-back, are told to
-- the handler instead of to every office user (app/problem_actions.cpp).
-- Problems assigned before this migration take the user of their latest
-- "assign" event.
ALTER TABLE problems ADD COLUMN handler_id BIGINT REFERENCES users(id);
UPDATE problems SET handler_id = (
  SELECT e.actor_user_id FROM workflow_events e
  WHERE e.workflow = 'problem' AND e.record_id = problems.id AND e.action = 'assign'
  ORDER BY e.id DESC LIMIT 1);
