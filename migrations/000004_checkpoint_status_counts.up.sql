-- Checkpoints count all six statuses, not only the four the first schema had.
ALTER TABLE checkpoints ADD COLUMN missing_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE checkpoints ADD COLUMN removed_count INTEGER NOT NULL DEFAULT 0;
