-- Foundation schema (PostgreSQL): the same tables, columns and indexes as
-- sql/sqlite/0001_foundation.sql, so the repositories' SQL runs unchanged.
-- Times are RFC 3339 UTC text ("2026-11-30T07:15:30.123Z"); flags are 0/1
-- integers; every updatable row carries a version for optimistic
-- concurrency. Ids are 64-bit like SQLite's INTEGER PRIMARY KEY.

CREATE TABLE units (
  id BIGSERIAL PRIMARY KEY,
  parent_id BIGINT REFERENCES units(id),
  -- Materialised path of ids, "/1/5/12/", so a subtree is one range scan:
  -- path >= '/1/5/' AND path < '/1/50'. Byte order ("C"), whatever the
  -- database's locale: the range bounds rely on '/' < '0'-'9' < '~'.
  path TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  division_code TEXT,
  party_secretary_name TEXT,
  party_secretary_phone TEXT,
  government_head_name TEXT,
  government_head_phone TEXT,
  contacts TEXT NOT NULL DEFAULT '[]',
  disabled INTEGER NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX units_parent_name ON units ((COALESCE(parent_id, 0)), name);
CREATE INDEX units_kind ON units (kind);

CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  position TEXT,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_login_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX users_unit ON users (unit_id, username);
CREATE INDEX users_name ON users (name);

-- Browser sessions and API tokens. Only the SHA-256 of a token is stored.
CREATE TABLE sessions (
  id BIGSERIAL PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
  name TEXT,
  csrf_token TEXT NOT NULL,
  client_address TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Ids are given explicitly (audit_head.last_id + 1), never by a sequence.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  client_address TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_at ON audit_log (at);

-- The chain head: one row, updated in the same transaction as each append,
-- so concurrent writers (several instances) serialise on its row lock.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
