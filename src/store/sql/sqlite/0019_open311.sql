-- Open311 (GeoReport v2) public complaints (issue 12, api/open311_routes.cpp):
-- a request is a problem of source "public" (problems, migration 0018); what
-- the request carried besides the problem is kept here, written in the
-- problem's transaction.
--
-- client: which configured api_key posted it, as the first 12 hex digits of
-- the key's SHA-256 (never the key). media_url: a link the reporter gave (a
-- photo on their app's server; the platform never fetches it). device_id,
-- account_id: the client app's own identifiers, as sent ('' when not).
CREATE TABLE open311_requests (
  problem_id INTEGER PRIMARY KEY REFERENCES problems(id),
  client TEXT NOT NULL,
  media_url TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  account_id TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

-- Requests counted per api_key in a window of a minute, so that every
-- instance behind the load balancer counts against the same limit
-- ([open311] requests_per_minute). key: the SHA-256 of the api_key. A request
-- after the window has passed starts a new one (INSERT … ON CONFLICT DO
-- UPDATE, atomic on both databases). One row per configured key: nothing to
-- purge.
CREATE TABLE open311_rate_limits (
  key TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  requests INTEGER NOT NULL
);
