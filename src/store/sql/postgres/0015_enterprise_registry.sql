-- The relocation guard of the enterprise registry (一企一档, issue 11). Same
-- as the SQLite migration of the same number; see there.
CREATE TABLE banned_enterprises (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT,
  legal_rep TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  banned_on TEXT,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('ours', 'imported')),
  enterprise_id BIGINT REFERENCES enterprises(id),
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX banned_enterprises_credit_code ON banned_enterprises (credit_code);
CREATE INDEX banned_enterprises_name ON banned_enterprises (name);

CREATE TABLE relocation_alerts (
  id BIGSERIAL PRIMARY KEY,
  enterprise_id BIGINT REFERENCES enterprises(id),
  candidate TEXT NOT NULL,
  banned_enterprise_id BIGINT NOT NULL REFERENCES banned_enterprises(id),
  score DOUBLE PRECISION NOT NULL,
  reasons TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
  resolved_by BIGINT REFERENCES users(id),
  resolved_at TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (enterprise_id, banned_enterprise_id)
);
CREATE INDEX relocation_alerts_status ON relocation_alerts (status, id);
CREATE INDEX relocation_alerts_banned ON relocation_alerts (banned_enterprise_id);
