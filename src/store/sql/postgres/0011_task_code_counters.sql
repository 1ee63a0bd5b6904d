-- The 序号 counters (issue 10). Same as the SQLite migration of the same
-- number; see there.
CREATE TABLE task_code_counters (
  place TEXT PRIMARY KEY,
  last_number BIGINT NOT NULL,
  prefix TEXT NOT NULL
);
