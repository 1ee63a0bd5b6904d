-- One row whose update serialises inserts and moves in the org tree across
-- server instances (see lock_tree() in src/store/units_repo.cpp).
CREATE TABLE tree_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO tree_lock (id, n) VALUES (1, 0);
