-- Working a ledger (issue 11). Same as the SQLite migration of the same
-- number; see there.
CREATE TABLE record_files (
  id BIGSERIAL PRIMARY KEY,
  record_kind TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence(sha256),
  event_id BIGINT REFERENCES workflow_events(id),
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX record_files_record ON record_files (record_kind, record_id, id);
CREATE INDEX record_files_sha256 ON record_files (sha256);

CREATE TABLE task_ledger_counts (
  task_id BIGINT PRIMARY KEY REFERENCES tasks(id),
  ledger_type TEXT NOT NULL,
  count_index INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX task_ledger_counts_type ON task_ledger_counts (ledger_type);
