-- Login throttling (docs/security.md): failed logins counted per (account,
-- address) and per address, so failures from one address lock the account
-- for that address only. users.failed_logins / locked_until remain the
-- account-wide lock, reached only with failures from many addresses.
-- Rows are transient: a success deletes the (account, address) row and
-- housekeeping drops rows whose window and lock have passed.
CREATE TABLE login_throttle (
  -- 'addr:<address>' or 'user:<username>@<address>' (username lower-cased).
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  -- First failure of the current window (RFC 3339 UTC); a failure after the
  -- window has passed starts a new one.
  window_start TEXT NOT NULL,
  locked_until TEXT
);
CREATE INDEX login_throttle_window ON login_throttle (window_start);
