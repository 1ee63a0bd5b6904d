-- Field inspections (issue 11). Same as the SQLite migration of the same
-- number; see there.
CREATE TABLE inspections (
  id BIGSERIAL PRIMARY KEY,
  checklist TEXT NOT NULL,
  ledger_row_id BIGINT REFERENCES ledger_rows(id),
  enterprise_id BIGINT REFERENCES enterprises(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT COLLATE "C" NOT NULL,
  inspector_id BIGINT NOT NULL REFERENCES users(id),
  inspected_at TEXT NOT NULL,
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  person_met TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  client_key TEXT UNIQUE,
  created_at TEXT NOT NULL
);
CREATE INDEX inspections_row ON inspections (ledger_row_id, id);
CREATE INDEX inspections_enterprise ON inspections (enterprise_id, id);
CREATE INDEX inspections_unit ON inspections (unit_path, id);

CREATE TABLE inspection_items (
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  code TEXT NOT NULL,
  result TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  open_problem INTEGER NOT NULL DEFAULT 0,
  problem_id BIGINT,
  PRIMARY KEY (inspection_id, code)
);
