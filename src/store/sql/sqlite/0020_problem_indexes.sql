-- Problem lists and registrations at 100,000 and 1,000,000 problems
-- (bench/run_problems.sh, docs/benchmarks.md "Issue 12: supervision problems").
-- The list's page takes its ids from the filter first (problems_repo.cpp
-- list()), so the list indexes end with the id: PostgreSQL then answers the
-- page from the index alone (SQLite's entries carry the rowid anyway).
--
-- The overdue list and board filter by the open states and a deadline before
-- today: with the deadline beside the status the count is answered from the
-- index alone, instead of one table row per problem in an open state.
CREATE INDEX problems_status_deadline ON problems (status, deadline, id);
-- A list filtered by status and type (and responsible unit: a prefix of
-- unit_path, tested on the index entry) counts and pages from the index alone.
CREATE INDEX problems_status_type ON problems (status, problem_type, unit_path, id);
-- The duplicate check of every located registration (open problems of the
-- type within ~200 m): with the point and the status in the index only the
-- problems that really are near are read, not every problem of the type in
-- the latitude band.
DROP INDEX problems_type_place;
CREATE INDEX problems_type_place ON problems (problem_type, lat, lng, status);
