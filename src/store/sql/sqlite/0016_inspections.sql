-- Field inspections (检查, issue 11): an inspector checks a ledger row or an
-- enterprise against a checklist (resources/checklists, core/checklist.h):
-- when and where, whom they met, each item's result. The unit is the row's
-- or the enterprise's (who may see the record). client_key is the phone's
-- key for the record: a retried submission finds the one it made. Photos and
-- the signature of the person met are record_files ('inspection').
CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  checklist TEXT NOT NULL,
  ledger_row_id INTEGER REFERENCES ledger_rows(id),
  enterprise_id INTEGER REFERENCES enterprises(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  inspector_id INTEGER NOT NULL REFERENCES users(id),
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

-- One result per checklist item. A failed item the inspector wants followed
-- up asks for a supervision problem (open_problem); problem_id names it once
-- the problem loop (issue 12) has opened it.
CREATE TABLE inspection_items (
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  code TEXT NOT NULL,
  result TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  open_problem INTEGER NOT NULL DEFAULT 0,
  problem_id INTEGER,
  PRIMARY KEY (inspection_id, code)
);
