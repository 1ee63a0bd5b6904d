-- Heavy-pollution alerts (issue 13): forecasts, alerts and their steps. Same
-- as the SQLite migration of the same number; see there. Codes compare
-- bytewise (COLLATE "C", as SQLite).
CREATE TABLE aq_forecasts (
  id BIGSERIAL PRIMARY KEY,
  unit_id BIGINT REFERENCES units(id),
  issued_on TEXT COLLATE "C" NOT NULL,
  day TEXT COLLATE "C" NOT NULL,
  aqi INTEGER NOT NULL,
  primary_pollutant TEXT COLLATE "C" NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX aq_forecasts_day ON aq_forecasts (day, issued_on);

CREATE TABLE aq_alerts (
  id BIGSERIAL PRIMARY KEY,
  number TEXT COLLATE "C" NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  level TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  standard TEXT COLLATE "C" NOT NULL,
  issued_at TEXT NOT NULL,
  effective_at TEXT NOT NULL,
  expires_at TEXT,
  upgraded_at TEXT,
  downgraded_at TEXT,
  lifted_at TEXT,
  episode_first TEXT,
  episode_last TEXT,
  peak_aqi INTEGER,
  reasons TEXT NOT NULL DEFAULT '{}',
  created_by BIGINT REFERENCES users(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX aq_alerts_status ON aq_alerts (status, id);

CREATE TABLE aq_alert_steps (
  event_id BIGINT PRIMARY KEY REFERENCES workflow_events(id),
  alert_id BIGINT NOT NULL REFERENCES aq_alerts(id),
  action TEXT COLLATE "C" NOT NULL,
  from_level TEXT COLLATE "C" NOT NULL,
  to_level TEXT COLLATE "C" NOT NULL,
  effective_at TEXT NOT NULL,
  document TEXT NOT NULL,
  reasons TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX aq_alert_steps_alert ON aq_alert_steps (alert_id, event_id);
