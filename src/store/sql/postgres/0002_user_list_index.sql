-- The user list filters by unit (subtree) and the disabled flag and sorts by
-- username: one index answers it (and COUNT(*), by an index-only scan once
-- the table is vacuumed).
CREATE INDEX users_unit_active ON users (unit_id, disabled, username);
DROP INDEX users_unit;
