-- Working a ledger (issue 11): the files filed on its rows, and the tasks
-- whose quantity its rows count.
--
-- A file filed on a record that is not a task (ledger rows now; inspections
-- and problems use the same table): a content of the evidence store (0009)
-- named by the record. kind is the workflow's evidence kind the file
-- satisfies ('photo' for an image, else 'document'); event_id names the move
-- it was filed with (workflow_events), NULL while it waits for one.
CREATE TABLE record_files (
  id INTEGER PRIMARY KEY,
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence(sha256),
  event_id INTEGER REFERENCES workflow_events(id),
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX record_files_record ON record_files (record_kind, record_id, id);
CREATE INDEX record_files_sha256 ON record_files (sha256);

-- A task whose achieved quantity is counted from a ledger (台账计数): the rows
-- of ledger_type under the task's owner unit, in the states of the type's
-- count number count_index (core/ledger_type.h [[counts]]). The count is
-- filed as the task's progress report whenever it changes.
CREATE TABLE task_ledger_counts (
  task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
  ledger_type TEXT NOT NULL,
  count_index INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX task_ledger_counts_type ON task_ledger_counts (ledger_type);
