-- Supervision problems (issue 12). Same as the SQLite migration of the same
-- number; see there.
CREATE TABLE problems (
  id BIGSERIAL PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  source TEXT NOT NULL,
  problem_type TEXT NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  standard TEXT NOT NULL DEFAULT '',
  disposition TEXT NOT NULL DEFAULT 'rectify',
  enterprise_id BIGINT REFERENCES enterprises(id),
  ledger_row_id BIGINT REFERENCES ledger_rows(id),
  inspection_id BIGINT REFERENCES inspections(id),
  site TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  unit_id BIGINT REFERENCES units(id),
  unit_path TEXT COLLATE "C" NOT NULL DEFAULT '',
  leader_party TEXT NOT NULL DEFAULT '',
  leader_government TEXT NOT NULL DEFAULT '',
  person_id BIGINT REFERENCES users(id),
  person_name TEXT NOT NULL DEFAULT '',
  cooperating_units TEXT NOT NULL DEFAULT '[]',
  deadline_kind TEXT NOT NULL DEFAULT 'date',
  deadline_days INTEGER NOT NULL DEFAULT 0,
  deadline TEXT NOT NULL DEFAULT '',
  extension_until TEXT NOT NULL DEFAULT '',
  verifier_id BIGINT REFERENCES users(id),
  parent_id BIGINT REFERENCES problems(id),
  merged_into_id BIGINT REFERENCES problems(id),
  failed_verifications INTEGER NOT NULL DEFAULT 0,
  extensions INTEGER NOT NULL DEFAULT 0,
  escalation INTEGER NOT NULL DEFAULT 0,
  lookback_due TEXT NOT NULL DEFAULT '',
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_phone TEXT NOT NULL DEFAULT '',
  reporter_email TEXT NOT NULL DEFAULT '',
  external_id TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  assigned_at TEXT NOT NULL DEFAULT '',
  closed_at TEXT NOT NULL DEFAULT '',
  verified_lng DOUBLE PRECISION,
  verified_lat DOUBLE PRECISION,
  verified_at TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (source, year, seq)
);
CREATE INDEX problems_status ON problems (status, id);
CREATE INDEX problems_deadline ON problems (deadline, status);
CREATE INDEX problems_enterprise ON problems (enterprise_id, status);
CREATE INDEX problems_type_place ON problems (problem_type, lat);
CREATE INDEX problems_lookback ON problems (lookback_due, status);
CREATE INDEX problems_parent ON problems (parent_id);

CREATE TABLE problem_scopes (
  unit_id BIGINT NOT NULL,
  problem_id BIGINT NOT NULL,
  PRIMARY KEY (unit_id, problem_id)
);
CREATE INDEX problem_scopes_problem ON problem_scopes (problem_id);

CREATE TABLE problem_number_counters (
  source TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (source, year)
);

CREATE TABLE problem_escalations (
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  deadline TEXT NOT NULL,
  step INTEGER NOT NULL,
  days_overdue INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (problem_id, deadline, step)
);

ALTER TABLE notifications ADD COLUMN problem_id BIGINT;
