-- Ledgers (台账) and the enterprise registry (一企一档) (issue 11).
--
-- An enterprise: name, unified social credit code (GB 32100, normalised; NULL
-- for the workshops that have none), legal representative, phone, address,
-- WGS-84 point, industry (GB/T 4754 code), the township/street office it
-- belongs to (unit) and grid, status. Status is checked by the application
-- (core), not here: a deployment's registry may name more.
CREATE TABLE enterprises (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT UNIQUE,
  legal_rep TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  industry_code TEXT NOT NULL DEFAULT '',
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  grid TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_unit ON enterprises (unit_path, name);
CREATE INDEX enterprises_name ON enterprises (name);

-- A ledger row: one object of a work area's ledger (a boiler, a household, a
-- site, ...) of a ledger type declared in resources/ledgers (core/ledger_type.h),
-- running that type's workflow. The declared fields are a JSON object (the
-- values core/ledger_values.h normalised); title is the type's title field,
-- for lists and search. unit: the responsible unit (township, street office,
-- department), with its path copied as tasks do.
CREATE TABLE ledger_rows (
  id INTEGER PRIMARY KEY,
  ledger_type TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  enterprise_id INTEGER REFERENCES enterprises(id),
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  fields TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ledger_rows_type_status ON ledger_rows (ledger_type, status, id);
CREATE INDEX ledger_rows_enterprise ON ledger_rows (enterprise_id);

-- Who may see a row, as rows (as task_scopes): the row's unit and every unit
-- above it. A list walks (type, the reader's unit) in row order.
CREATE TABLE ledger_scopes (
  ledger_type TEXT NOT NULL,
  unit_id INTEGER NOT NULL,
  row_id INTEGER NOT NULL,
  PRIMARY KEY (ledger_type, unit_id, row_id)
) WITHOUT ROWID;
CREATE INDEX ledger_scopes_row ON ledger_scopes (row_id);

-- The values of the fields a ledger type filters by, as rows: a list probes
-- them per row, or walks a rare value's rows (docs/benchmarks.md, "ledger
-- list query shapes"). Written with the row, in its transaction.
CREATE TABLE ledger_filters (
  ledger_type TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  PRIMARY KEY (ledger_type, field, value, row_id)
) WITHOUT ROWID;
CREATE INDEX ledger_filters_row ON ledger_filters (row_id);

-- Cached totals and pages of ledger lists (store/list_cache.h): 'ledger_rows'
-- moves on any change to the tables a ledger page shows.
INSERT INTO list_generations (name, epoch, generation)
  SELECT 'ledger_rows', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER ledger_rows_rows_insert AFTER INSERT ON ledger_rows BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
CREATE TRIGGER ledger_rows_rows_update AFTER UPDATE ON ledger_rows BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
CREATE TRIGGER ledger_rows_rows_delete AFTER DELETE ON ledger_rows BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
CREATE TRIGGER ledger_scopes_rows_insert AFTER INSERT ON ledger_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
CREATE TRIGGER ledger_scopes_rows_delete AFTER DELETE ON ledger_scopes BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
CREATE TRIGGER enterprises_rows_update AFTER UPDATE ON enterprises BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
CREATE TRIGGER units_ledger_rows_update AFTER UPDATE ON units BEGIN
  UPDATE list_generations SET generation = generation + 1 + abs(random() % 1000000000000) WHERE name = 'ledger_rows';
END;
