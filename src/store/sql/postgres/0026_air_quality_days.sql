-- Air quality (issue 13): each station's natural days, and campaign targets.
-- Same as the SQLite migration of the same number; see there.
CREATE TABLE aq_days (
  station_id BIGINT NOT NULL,
  day INTEGER NOT NULL,
  aqi INTEGER,
  primary_bits INTEGER NOT NULL DEFAULT 0,
  so2 INTEGER,
  no2 INTEGER,
  co INTEGER,
  o3_8h INTEGER,
  o3_1h INTEGER,
  pm10 INTEGER,
  pm25 INTEGER,
  hours INTEGER NOT NULL,
  PRIMARY KEY (station_id, day)
);
CREATE INDEX aq_days_day ON aq_days (day);

CREATE TABLE aq_targets (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  campaign_id BIGINT REFERENCES campaigns(id),
  period_from TEXT COLLATE "C" NOT NULL,
  period_to TEXT COLLATE "C" NOT NULL,
  baseline_pm25 INTEGER,
  target_pm25 INTEGER,
  baseline_heavy_days INTEGER,
  target_heavy_days INTEGER,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX aq_targets_unit ON aq_targets (unit_id, period_from);
