-- The text columns of the ledgers' keys compare bytewise (COLLATE "C"), as
-- SQLite's BINARY does. They hold codes (ledger types, statuses, field names,
-- workflow names) and filter values matched for equality only; nothing orders
-- by them. Under the database's locale (en_US.UTF-8, zh_CN.UTF-8, even
-- C.UTF-8 before PostgreSQL 17) every btree comparison went through the
-- locale's strcoll: that was most of PostgreSQL's CPU on a 100,000-row import
-- (docs/benchmarks.md, issue 11). Only the indexes are rebuilt.
ALTER TABLE ledger_rows
  ALTER COLUMN ledger_type TYPE TEXT COLLATE "C",
  ALTER COLUMN status TYPE TEXT COLLATE "C";
ALTER TABLE ledger_scopes ALTER COLUMN ledger_type TYPE TEXT COLLATE "C";
ALTER TABLE ledger_filters
  ALTER COLUMN ledger_type TYPE TEXT COLLATE "C",
  ALTER COLUMN field TYPE TEXT COLLATE "C",
  ALTER COLUMN value TYPE TEXT COLLATE "C";
ALTER TABLE workflow_events ALTER COLUMN workflow TYPE TEXT COLLATE "C";
ALTER TABLE ledger_import_undo ALTER COLUMN job_id TYPE TEXT COLLATE "C";
