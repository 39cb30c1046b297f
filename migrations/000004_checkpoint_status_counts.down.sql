ALTER TABLE checkpoints DROP COLUMN removed_count;
ALTER TABLE checkpoints DROP COLUMN missing_count;
