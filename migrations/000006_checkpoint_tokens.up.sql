-- A checkpoint's tokens, one row each in snapshot order, so that a snapshot of
-- any size is written and read a token at a time instead of as one JSON text.
-- checkpoints.snapshot_json still holds snapshots taken before this table.
CREATE TABLE checkpoint_tokens (
  checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id),
  seq INTEGER NOT NULL,
  token_json TEXT NOT NULL,
  PRIMARY KEY (checkpoint_id, seq)
);
