-- PostgreSQL's migration of this number gives the ledgers' key columns
-- bytewise comparison (COLLATE "C"); SQLite compares text bytewise (BINARY)
-- already. Kept so both dialects count the same migrations.
SELECT 1;
