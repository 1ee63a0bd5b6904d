-- Air quality (issue 13): monitoring stations and their hourly data.
--
-- A station that sends HJ 212-2017 frames (a micro station, an enterprise's
-- online monitor) keeps the SHA-256 of its access password (the frames' PW)
-- in hj212_password_sha256; NULL = it may not send.
--
-- aq_hours holds one row per station-hour (idempotent: a re-sent hour
-- replaces its row, app/aq_service.h). `hour` is the end of the hour in hours
-- since 1970-01-01T00:00 Beijing time (core/air_quality.h); concentrations
-- are thousandths of the unit (µg/m³, CO mg/m³), NULL when missing; `flags`
-- one data flag per pollutant in the order SO2 NO2 CO O3 PM10 PM2.5 ('-' =
-- missing). WITHOUT ROWID: the rows live in key order, so a station's month
-- is one range of pages. No foreign key to aq_stations: a region holds tens
-- of millions of hours, stations are never deleted (deactivated), and every
-- write comes through the service, which resolves the station first.
CREATE TABLE aq_stations (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  lng REAL,
  lat REAL,
  unit_id INTEGER REFERENCES units(id),
  unit_path TEXT NOT NULL DEFAULT '',
  enterprise_id INTEGER REFERENCES enterprises(id),
  hj212_password_sha256 TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX aq_stations_unit ON aq_stations (unit_path, code);

CREATE TABLE aq_hours (
  station_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  so2 INTEGER,
  no2 INTEGER,
  co INTEGER,
  o3 INTEGER,
  pm10 INTEGER,
  pm25 INTEGER,
  flags TEXT NOT NULL,
  source TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (station_id, hour)
) WITHOUT ROWID;
-- All stations' hours of one day (daily AQI for the district, rankings).
CREATE INDEX aq_hours_hour ON aq_hours (hour);
