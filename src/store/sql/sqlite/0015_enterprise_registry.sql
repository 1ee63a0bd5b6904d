-- The relocation guard of the enterprise registry (一企一档, issue 11): the
-- banned enterprises (关停取缔), ours and those other districts report, and the
-- suspected relocations found by matching registered enterprises against them
-- (core/relocation.h, app/relocation_guard.h).
--
-- A banned enterprise: its identity as the banning district recorded it
-- (name, unified social credit code normalised or NULL, legal
-- representative, phone, address), where it was (origin: the district or
-- unit, as text: another district's units are not ours), when and why it was
-- banned, whether we banned it ('ours', enterprise_id naming it when it was
-- registered here) or a list from elsewhere was imported ('imported').
CREATE TABLE banned_enterprises (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT,
  legal_rep TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  banned_on TEXT,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('ours', 'imported')),
  enterprise_id INTEGER REFERENCES enterprises(id),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX banned_enterprises_credit_code ON banned_enterprises (credit_code);
CREATE INDEX banned_enterprises_name ON banned_enterprises (name);

-- A suspected relocation: a registered enterprise (enterprise_id), or an
-- identity named elsewhere (a problem, an import: enterprise_id NULL), that
-- looks like a banned one. candidate is the identity as it was matched (a
-- JSON object: name, legal_rep, phone, credit_code, address), kept as
-- evidence with the score (0..1) and the reasons (a JSON list such as
-- ["phone", "name:0.82"]). The campaign office confirms or dismisses it with
-- a note. One pair raises once: a dismissed pair is not raised again.
CREATE TABLE relocation_alerts (
  id INTEGER PRIMARY KEY,
  enterprise_id INTEGER REFERENCES enterprises(id),
  candidate TEXT NOT NULL,
  banned_enterprise_id INTEGER NOT NULL REFERENCES banned_enterprises(id),
  score DOUBLE PRECISION NOT NULL,
  reasons TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
  resolved_by INTEGER REFERENCES users(id),
  resolved_at TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (enterprise_id, banned_enterprise_id)
);
CREATE INDEX relocation_alerts_status ON relocation_alerts (status, id);
CREATE INDEX relocation_alerts_banned ON relocation_alerts (banned_enterprise_id);
