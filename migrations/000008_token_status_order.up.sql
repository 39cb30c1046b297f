-- `canary list --status S` orders a status's tokens as `list` does: with the
-- status first, this index serves `--limit N` without sorting every token
-- that has it.
CREATE INDEX idx_tokens_status_priority_updated ON tokens (status, priority, updated_at DESC);
