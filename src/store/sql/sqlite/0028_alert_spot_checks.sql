-- Spot checks during a heavy-pollution alert (issue 13): when an alert of a
-- level with required cuts is issued or upgraded, each source on the
-- emergency reduction list gets a spot check of that level (pending); an
-- inspection of the source with the emergency_measures checklist while the
-- alert is in force settles it (compliant, or violation when an item failed
-- — which opened a supervision problem). app/spot_check_service.h.
CREATE TABLE alert_spot_checks (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES aq_alerts(id),
  level TEXT NOT NULL,
  ledger_row_id INTEGER NOT NULL REFERENCES ledger_rows(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'compliant', 'violation')),
  inspection_id INTEGER REFERENCES inspections(id),
  checked_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (alert_id, level, ledger_row_id)
);
CREATE INDEX alert_spot_checks_row ON alert_spot_checks (ledger_row_id, status);
