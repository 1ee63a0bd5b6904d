-- Evidence store (issue 9.3): the bytes of attachments move out of
-- attachment_data (base64 text) into a content-addressed store named by
-- SHA-256 (store/evidence_store.h): files beside the database by default,
-- or evidence_blobs where no shared volume exists. The rows already in
-- attachment_data are moved by code at startup (app/evidence_service.h),
-- batch by batch, and deleted from there; the table stays, empty.

-- What each stored file is: one row per distinct content, written after the
-- file itself (an orphan file is harmless, a row without its file is not).
CREATE TABLE evidence (
  sha256 TEXT COLLATE "C" PRIMARY KEY,
  size_bytes BIGINT NOT NULL,
  -- Detected from the bytes, never the name (io/evidence_media.h).
  content_type TEXT NOT NULL,
  width BIGINT,
  height BIGINT,
  -- EXIF DateTimeOriginal, the camera's local time "YYYY-MM-DDTHH:MM:SS".
  taken_at TEXT,
  gps_lat DOUBLE PRECISION,
  gps_lon DOUBLE PRECISION,
  -- The JPEG thumbnail of a photo, itself in the store (no row of its own).
  thumbnail_sha256 TEXT,
  created_at TEXT NOT NULL
);

-- The database fallback of the store: used only when evidence lives in the
-- database (PostgreSQL without a shared volume); empty otherwise.
CREATE TABLE evidence_blobs (
  sha256 TEXT COLLATE "C" PRIMARY KEY,
  data BYTEA NOT NULL
);

CREATE INDEX attachments_sha256 ON attachments (sha256);
