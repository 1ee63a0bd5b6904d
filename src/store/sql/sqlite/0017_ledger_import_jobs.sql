-- Background ledger imports (issue 11). A large import is written by the
-- worker of the instance that took the upload, in transactions of a
-- thousand rows (app/ledger_sheets.h). Its job is kept here so that any
-- instance answers its progress, and its undo log is written with each
-- chunk so that an import the worker did not finish — a failed chunk, a
-- crash, a restart — is taken back whole: by the worker, or by the leader's
-- recovery (jobs/import_recovery.h) once the heartbeat is stale.
CREATE TABLE ledger_import_jobs (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  ledger_type TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  total INTEGER NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0,
  -- JSON: the report once done; the error ({code, params}) once failed.
  report TEXT,
  error TEXT,
  heartbeat_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX ledger_import_jobs_live ON ledger_import_jobs (state, heartbeat_at);

-- What an unfinished import has written: a row it inserted (before NULL), or
-- a row it changed as it was before (JSON, store/ledger_import_jobs_repo.h).
-- Emptied when the import is done or taken back.
CREATE TABLE ledger_import_undo (
  job_id TEXT NOT NULL REFERENCES ledger_import_jobs(id),
  row_id INTEGER NOT NULL,
  before TEXT,
  PRIMARY KEY (job_id, row_id)
);
