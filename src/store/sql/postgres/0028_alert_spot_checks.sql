-- Spot checks during a heavy-pollution alert. Same as the SQLite migration
-- of the same number; see there.
CREATE TABLE alert_spot_checks (
  id BIGSERIAL PRIMARY KEY,
  alert_id BIGINT NOT NULL REFERENCES aq_alerts(id),
  level TEXT COLLATE "C" NOT NULL,
  ledger_row_id BIGINT NOT NULL REFERENCES ledger_rows(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'compliant', 'violation')),
  inspection_id BIGINT REFERENCES inspections(id),
  checked_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (alert_id, level, ledger_row_id)
);
CREATE INDEX alert_spot_checks_row ON alert_spot_checks (ledger_row_id, status);
