-- Background ledger imports (issue 11). Same as the SQLite migration of the
-- same number; see there.
CREATE TABLE ledger_import_jobs (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  ledger_type TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  total BIGINT NOT NULL,
  processed BIGINT NOT NULL DEFAULT 0,
  report TEXT,
  error TEXT,
  heartbeat_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX ledger_import_jobs_live ON ledger_import_jobs (state, heartbeat_at);

CREATE TABLE ledger_import_undo (
  job_id TEXT NOT NULL REFERENCES ledger_import_jobs(id),
  row_id BIGINT NOT NULL,
  before TEXT,
  PRIMARY KEY (job_id, row_id)
);
