-- Air quality (issue 13): each station's natural days, and campaign targets.
--
-- aq_days holds what HJ 633's daily report of a station-day is (src/aq/daily.h),
-- computed from its stored hours whenever one of them is written
-- (app/aq_service.h), so aggregates, rankings and targets read days, not hours
-- (a month of 2,000 stations is 60,000 rows instead of 1.4 million). `day`
-- counts days from 1970-01-01 (the natural day 01:00 … 24:00, Beijing time);
-- values are the reported daily values in thousandths (µg/m³, CO mg/m³), NULL
-- when missing or not in the day's edition; aqi NULL = not published;
-- primary_bits the primary pollutants (bit i = SO2 NO2 CO O3 PM10 PM2.5);
-- hours = stored hours of the day, any flag. No foreign key, as aq_hours.
CREATE TABLE aq_days (
  station_id INTEGER NOT NULL,
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
) WITHOUT ROWID;
-- All stations' days of a period (areas, rankings, the dashboard).
CREATE INDEX aq_days_day ON aq_days (day);

-- A unit's air-quality target for a period (a campaign's PM2.5 mean and
-- heavy-pollution days against a baseline, app/aq_stats_service.h).
-- Concentrations in thousandths of µg/m³; NULL = not set.
CREATE TABLE aq_targets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  campaign_id INTEGER REFERENCES campaigns(id),
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  baseline_pm25 INTEGER,
  target_pm25 INTEGER,
  baseline_heavy_days INTEGER,
  target_heavy_days INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX aq_targets_unit ON aq_targets (unit_id, period_from);
