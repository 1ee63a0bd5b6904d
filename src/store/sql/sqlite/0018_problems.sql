-- Supervision problems (督办问题, issue 12): a problem handed down by an
-- inspection team, a citizen or the media, running the workflow
-- resources/workflows/problem.toml with the rules of resources/problems.toml.
--
-- number: the government-style number, a sequence per (source, year) drawn
-- from problem_number_counters in the registering transaction, so two
-- instances never draw the same one and a number is never reused (UNIQUE
-- twice over). Responsibility is empty until the problem is assigned:
-- unit_path '' (only district-wide readers see it), deadline ''. The
-- cooperating units are a JSON list of unit ids; they see the problem
-- through problem_scopes. Dates are YYYY-MM-DD (Beijing), instants RFC 3339
-- UTC. reporter_*: a public reporter's contact (Open311), shown to the
-- office only. created_by is NULL for a public request.
CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  source TEXT NOT NULL,
  problem_type TEXT NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  standard TEXT NOT NULL DEFAULT '',
  disposition TEXT NOT NULL DEFAULT 'rectify',
  enterprise_id INTEGER REFERENCES enterprises(id),
  ledger_row_id INTEGER REFERENCES ledger_rows(id),
  inspection_id INTEGER REFERENCES inspections(id),
  site TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  unit_id INTEGER REFERENCES units(id),
  unit_path TEXT NOT NULL DEFAULT '',
  leader_party TEXT NOT NULL DEFAULT '',
  leader_government TEXT NOT NULL DEFAULT '',
  person_id INTEGER REFERENCES users(id),
  person_name TEXT NOT NULL DEFAULT '',
  cooperating_units TEXT NOT NULL DEFAULT '[]',
  deadline_kind TEXT NOT NULL DEFAULT 'date',
  deadline_days INTEGER NOT NULL DEFAULT 0,
  deadline TEXT NOT NULL DEFAULT '',
  extension_until TEXT NOT NULL DEFAULT '',
  verifier_id INTEGER REFERENCES users(id),
  parent_id INTEGER REFERENCES problems(id),
  merged_into_id INTEGER REFERENCES problems(id),
  failed_verifications INTEGER NOT NULL DEFAULT 0,
  extensions INTEGER NOT NULL DEFAULT 0,
  escalation INTEGER NOT NULL DEFAULT 0,
  lookback_due TEXT NOT NULL DEFAULT '',
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_phone TEXT NOT NULL DEFAULT '',
  reporter_email TEXT NOT NULL DEFAULT '',
  external_id TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  assigned_at TEXT NOT NULL DEFAULT '',
  closed_at TEXT NOT NULL DEFAULT '',
  verified_lng DOUBLE PRECISION,
  verified_lat DOUBLE PRECISION,
  verified_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (source, year, seq)
);
CREATE INDEX problems_status ON problems (status, id);
CREATE INDEX problems_deadline ON problems (deadline, status);
CREATE INDEX problems_enterprise ON problems (enterprise_id, status);
CREATE INDEX problems_type_place ON problems (problem_type, lat);
CREATE INDEX problems_lookback ON problems (lookback_due, status);
CREATE INDEX problems_parent ON problems (parent_id);

-- Who may see a problem besides the district-wide readers, as rows: its
-- unit and every unit above it, and each cooperating unit and every unit
-- above that. Written with the problem, in its transaction.
CREATE TABLE problem_scopes (
  unit_id INTEGER NOT NULL,
  problem_id INTEGER NOT NULL,
  PRIMARY KEY (unit_id, problem_id)
) WITHOUT ROWID;
CREATE INDEX problem_scopes_problem ON problem_scopes (problem_id);

-- The last sequence number drawn per (source, year): raised by one in the
-- registering transaction (INSERT … ON CONFLICT DO UPDATE … RETURNING).
-- Unlike task_code_counters these are data: a copy carries them, or a copied
-- database would hand out numbers again.
CREATE TABLE problem_number_counters (
  source TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (source, year)
) WITHOUT ROWID;

-- The steps of the escalation ladder a late problem has reached
-- (resources/problems.toml [[escalation]]): each taken once, with the days
-- overdue when it was taken, against the deadline it missed (an approved
-- extension sets a new deadline, and the ladder starts again).
CREATE TABLE problem_escalations (
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  deadline TEXT NOT NULL,
  step INTEGER NOT NULL,
  days_overdue INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (problem_id, deadline, step)
);

-- A notice about a problem names it (the inbox links there). No foreign key:
-- notifications come before problems in a copy (store/tables.h kAll).
ALTER TABLE notifications ADD COLUMN problem_id INTEGER;
