-- Heavy-pollution alerts (issue 13): forecasts of daily AQI and the alerts
-- (重污染天气预警) issued, upgraded, downgraded and lifted on them.
--
-- aq_forecasts: one row per forecast day as issued: for the district
-- (unit_id NULL) or a unit; `issued_on` the date the forecast was made, `day`
-- the day it is for (YYYY-MM-DD, Beijing time). A forecast entered again for
-- the same (unit, issued_on, day) replaces its row (app/alert_service.h), so
-- the service deletes and inserts instead of an upsert over a nullable key.
--
-- aq_alerts: one row per alert, its current level and status (the workflow
-- resources/workflows/alert.toml; its history in workflow_events with
-- workflow = 'alert'), the times of each kind of step (the latest) and the
-- decision it rests on (`reasons`, JSON). No CHECK on status or level: both
-- come from definitions a deployment may replace.
--
-- aq_alert_steps: what each move changed, keyed by its workflow event:
-- the level before and after ('' before issuing, after lifting), when it
-- takes effect, the notice text generated for it (the document of the step;
-- uploaded files are record_files of kind 'alert' naming the same event)
-- and the decision shown with it.
CREATE TABLE aq_forecasts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER REFERENCES units(id),
  issued_on TEXT NOT NULL,
  day TEXT NOT NULL,
  aqi INTEGER NOT NULL,
  primary_pollutant TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX aq_forecasts_day ON aq_forecasts (day, issued_on);

CREATE TABLE aq_alerts (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  level TEXT NOT NULL,
  status TEXT NOT NULL,
  standard TEXT NOT NULL,
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
  created_by INTEGER REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX aq_alerts_status ON aq_alerts (status, id);

CREATE TABLE aq_alert_steps (
  event_id INTEGER PRIMARY KEY REFERENCES workflow_events(id),
  alert_id INTEGER NOT NULL REFERENCES aq_alerts(id),
  action TEXT NOT NULL,
  from_level TEXT NOT NULL,
  to_level TEXT NOT NULL,
  effective_at TEXT NOT NULL,
  document TEXT NOT NULL,
  reasons TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX aq_alert_steps_alert ON aq_alert_steps (alert_id, event_id);
