-- `canary list` orders by priority, then most recently updated: this index
-- serves `--limit N` without sorting the whole table.
CREATE INDEX idx_tokens_priority_updated ON tokens (priority, updated_at DESC);
