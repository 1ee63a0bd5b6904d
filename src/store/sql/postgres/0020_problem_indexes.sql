-- Problem lists and registrations at 100,000 and 1,000,000 problems. Same as
-- the SQLite migration of the same number; see there.
CREATE INDEX problems_status_deadline ON problems (status, deadline, id);
CREATE INDEX problems_status_type ON problems (status, problem_type, unit_path, id);
DROP INDEX problems_type_place;
CREATE INDEX problems_type_place ON problems (problem_type, lat, lng, status);
