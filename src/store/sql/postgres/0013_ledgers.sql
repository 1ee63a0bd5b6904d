-- Ledgers (台账) and the enterprise registry (一企一档) (issue 11). Same as the
-- SQLite migration of the same number; see there.
CREATE TABLE enterprises (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT UNIQUE,
  legal_rep TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  industry_code TEXT NOT NULL DEFAULT '',
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT COLLATE "C" NOT NULL,
  grid TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_unit ON enterprises (unit_path, name);
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE ledger_rows (
  id BIGSERIAL PRIMARY KEY,
  ledger_type TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT COLLATE "C" NOT NULL,
  enterprise_id BIGINT REFERENCES enterprises(id),
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  fields TEXT NOT NULL DEFAULT '{}',
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ledger_rows_type_status ON ledger_rows (ledger_type, status, id);
CREATE INDEX ledger_rows_enterprise ON ledger_rows (enterprise_id);

CREATE TABLE ledger_scopes (
  ledger_type TEXT NOT NULL,
  unit_id BIGINT NOT NULL,
  row_id BIGINT NOT NULL,
  PRIMARY KEY (ledger_type, unit_id, row_id)
);
CREATE INDEX ledger_scopes_row ON ledger_scopes (row_id);

CREATE TABLE ledger_filters (
  ledger_type TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  row_id BIGINT NOT NULL,
  PRIMARY KEY (ledger_type, field, value, row_id)
);
CREATE INDEX ledger_filters_row ON ledger_filters (row_id);

INSERT INTO list_generations (name, epoch, generation)
  SELECT 'ledger_rows', epoch, 1 FROM list_generations WHERE name = 'tasks';
CREATE TRIGGER ledger_rows_rows AFTER INSERT OR UPDATE OR DELETE ON ledger_rows
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('ledger_rows');
CREATE TRIGGER ledger_scopes_rows AFTER INSERT OR DELETE ON ledger_scopes
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('ledger_rows');
CREATE TRIGGER enterprises_rows AFTER UPDATE ON enterprises
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('ledger_rows');
CREATE TRIGGER units_ledger_rows AFTER UPDATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION list_generation_bump('ledger_rows');
