-- Air quality (issue 13): monitoring → action.
--
-- An enterprise's online monitor has permitted limits (排放限值) per pollutant,
-- in thousandths of the unit its readings come in (NULL = none); readings
-- over them for long enough open a supervision problem (core/monitoring_rules.h).
--
-- aq_episodes: one row per episode a monitoring rule found at a station (a
-- monitor over its limit, a station far above its neighbours), with the
-- problem it opened. (station_id, rule, first_hour) is unique, and a scan
-- takes the station's row lock before it looks for an episode to extend, so
-- an episode opens one problem however many instances scan
-- (app/aq_monitoring_service.h).
ALTER TABLE aq_stations ADD COLUMN limit_so2 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_no2 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_co INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_o3 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_pm10 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_pm25 INTEGER;

CREATE TABLE aq_episodes (
  id INTEGER PRIMARY KEY,
  station_id INTEGER NOT NULL REFERENCES aq_stations(id),
  rule TEXT NOT NULL,
  first_hour INTEGER NOT NULL,
  last_hour INTEGER NOT NULL,
  problem_id INTEGER REFERENCES problems(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (station_id, rule, first_hour)
);
CREATE INDEX aq_episodes_last ON aq_episodes (station_id, rule, last_hour);
