-- State that lets `canary index` be incremental and keep what people set by hand.

-- `canary index` replaces tokens file by file.
CREATE INDEX idx_tokens_file_path ON tokens (file_path);

-- What the token grammar knows beyond the original columns.
ALTER TABLE tokens ADD COLUMN declared_status TEXT;
ALTER TABLE tokens ADD COLUMN doc TEXT;
ALTER TABLE tokens ADD COLUMN doc_hash TEXT;
ALTER TABLE tokens ADD COLUMN doc_type TEXT;

-- One row per file read (text, or binary and so skipped): a re-index
-- re-reads only files whose size or modification time changed (or that were
-- read in another --strict mode), and reports the diagnostics kept here for
-- the files it did not read.
CREATE TABLE file_fingerprints (
  file_path TEXT PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'binary')),
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  strict INTEGER NOT NULL DEFAULT 0,
  token_count INTEGER NOT NULL DEFAULT 0,
  diagnostics_json TEXT,
  indexed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
) WITHOUT ROWID;

-- Priorities set with `canary prioritize`, keyed by requirement and feature
-- so that they survive a re-index that moves or re-creates the tokens.
CREATE TABLE priority_overrides (
  req_id TEXT NOT NULL,
  feature TEXT NOT NULL,
  priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 10),
  set_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (req_id, feature)
) WITHOUT ROWID;
