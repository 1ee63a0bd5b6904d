-- Open311 (GeoReport v2) public complaints (issue 12). Same as the SQLite
-- migration of the same number; see there.
CREATE TABLE open311_requests (
  problem_id BIGINT PRIMARY KEY REFERENCES problems(id),
  client TEXT NOT NULL,
  media_url TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  account_id TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE open311_rate_limits (
  key TEXT COLLATE "C" PRIMARY KEY,
  window_start TEXT NOT NULL,
  requests BIGINT NOT NULL
);
