-- Air quality (issue 13): monitoring → action. Same as the SQLite migration
-- of the same number; see there.
ALTER TABLE aq_stations ADD COLUMN limit_so2 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_no2 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_co INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_o3 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_pm10 INTEGER;
ALTER TABLE aq_stations ADD COLUMN limit_pm25 INTEGER;

CREATE TABLE aq_episodes (
  id BIGSERIAL PRIMARY KEY,
  station_id BIGINT NOT NULL REFERENCES aq_stations(id),
  rule TEXT COLLATE "C" NOT NULL,
  first_hour BIGINT NOT NULL,
  last_hour BIGINT NOT NULL,
  problem_id BIGINT REFERENCES problems(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (station_id, rule, first_hour)
);
CREATE INDEX aq_episodes_last ON aq_episodes (station_id, rule, last_hour);
