-- The schema canary started with: the token index, checkpoints and search history.
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  req_id TEXT NOT NULL,
  feature TEXT NOT NULL,
  aspect TEXT NOT NULL,
  status TEXT NOT NULL,
  file_path TEXT NOT NULL,
  line_number INTEGER NOT NULL,
  test TEXT,
  bench TEXT,
  owner TEXT,
  priority INTEGER DEFAULT 5,
  phase TEXT,
  keywords TEXT,
  spec_status TEXT DEFAULT 'draft',
  created_at TEXT,
  updated_at TEXT,
  started_at TEXT,
  completed_at TEXT,
  commit_hash TEXT,
  branch TEXT,
  depends_on TEXT,
  blocks TEXT,
  related_to TEXT,
  raw_token TEXT,
  indexed_at TEXT DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (req_id, feature, file_path, line_number)
);

CREATE INDEX idx_tokens_req_id ON tokens (req_id);
CREATE INDEX idx_tokens_status ON tokens (status);
CREATE INDEX idx_tokens_priority ON tokens (priority);
CREATE INDEX idx_tokens_aspect ON tokens (aspect);
CREATE INDEX idx_tokens_spec_status ON tokens (spec_status);
CREATE INDEX idx_tokens_phase ON tokens (phase);
CREATE INDEX idx_tokens_keywords ON tokens (keywords);

CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  commit_hash TEXT,
  created_at TEXT DEFAULT CURRENT_TIMESTAMP,
  total_tokens INTEGER DEFAULT 0,
  stub_count INTEGER DEFAULT 0,
  impl_count INTEGER DEFAULT 0,
  tested_count INTEGER DEFAULT 0,
  benched_count INTEGER DEFAULT 0,
  snapshot_json TEXT
);

CREATE TABLE search_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  query TEXT NOT NULL,
  filters TEXT,
  results_count INTEGER,
  searched_at TEXT DEFAULT CURRENT_TIMESTAMP
);
