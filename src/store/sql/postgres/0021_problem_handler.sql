-- The handler (承办人) of a supervision problem: the campaign office user who
-- assigned it (problem.toml's take_handler effect on "assign"). The unit's
-- returns, extension requests and reports, and the look-back, are told to
-- the handler instead of to every office user (app/problem_service.cpp tell).
-- Problems assigned before this migration take the user of their latest
-- "assign" event.
ALTER TABLE problems ADD COLUMN handler_id BIGINT REFERENCES users(id);
UPDATE problems SET handler_id = (
  SELECT e.actor_user_id FROM workflow_events e
  WHERE e.workflow = 'problem' AND e.record_id = problems.id AND e.action = 'assign'
  ORDER BY e.id DESC LIMIT 1);

-- When the unit last reported its rectification (the record_report effect):
-- the rectification report (整改报告) exists from then on.
ALTER TABLE problems ADD COLUMN reported_at TEXT NOT NULL DEFAULT '';
UPDATE problems SET reported_at = COALESCE((
  SELECT MAX(e.at) FROM workflow_events e
  WHERE e.workflow = 'problem' AND e.record_id = problems.id AND e.action = 'report'), '');

-- Every move rewrites the indexes on the columns it changes (store::problems::update
-- writes only those): indexes that carry the status only to be covering cost a
-- rewrite on every move. The duplicate check reads the few problems in its box
-- and the enterprise's few problems whatever their state; every deadline query
-- names the open states, so problems_status_deadline (0020) answers it.
DROP INDEX problems_deadline;
-- Indexes on what most problems leave empty hold only the others, so that a
-- registration (no enterprise, no parent, no look-back date yet) adds no entry
-- to them; the queries name the column, which implies the condition.
DROP INDEX problems_enterprise;
CREATE INDEX problems_enterprise ON problems (enterprise_id) WHERE enterprise_id IS NOT NULL;
DROP INDEX problems_parent;
CREATE INDEX problems_parent ON problems (parent_id) WHERE parent_id IS NOT NULL;
DROP INDEX problems_lookback;
-- The look-back timer asks for the problems in one state whose date has come:
-- the state first, so that it reads those, not every problem ever closed.
CREATE INDEX problems_lookback ON problems (status, lookback_due) WHERE lookback_due <> '';
-- The duplicate check of a located registration (open problems of its type
-- within 200 m) seeks the grid cells its box covers (core/problem.h
-- place_cell: 0.002 degrees) instead of walking a latitude band across the
-- district (~470 index entries per registration at 100,000 problems).
ALTER TABLE problems ADD COLUMN place_cell BIGINT;
UPDATE problems SET place_cell = CAST(floor((lat + 90) / 0.002) AS BIGINT) * 1000000 + CAST(floor((lng + 180) / 0.002) AS BIGINT) WHERE lat IS NOT NULL AND lng IS NOT NULL;
DROP INDEX problems_type_place;
CREATE INDEX problems_type_place ON problems (problem_type, place_cell) WHERE place_cell IS NOT NULL;
