-- Air quality (issue 13): monitoring stations and their hourly data. Same as
-- the SQLite migration of the same number; see there. Codes compare
-- bytewise (COLLATE "C", as SQLite).
CREATE TABLE aq_stations (
  id BIGSERIAL PRIMARY KEY,
  code TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  lng DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  unit_id BIGINT REFERENCES units(id),
  unit_path TEXT COLLATE "C" NOT NULL DEFAULT '',
  enterprise_id BIGINT REFERENCES enterprises(id),
  hj212_password_sha256 TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX aq_stations_unit ON aq_stations (unit_path, code);

CREATE TABLE aq_hours (
  station_id BIGINT NOT NULL,
  hour BIGINT NOT NULL,
  so2 INTEGER,
  no2 INTEGER,
  co INTEGER,
  o3 INTEGER,
  pm10 INTEGER,
  pm25 INTEGER,
  flags TEXT COLLATE "C" NOT NULL,
  source TEXT COLLATE "C" NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (station_id, hour)
);
CREATE INDEX aq_hours_hour ON aq_hours (hour);
