DROP TABLE priority_overrides;
DROP TABLE file_fingerprints;
ALTER TABLE tokens DROP COLUMN doc_type;
ALTER TABLE tokens DROP COLUMN doc_hash;
ALTER TABLE tokens DROP COLUMN doc;
ALTER TABLE tokens DROP COLUMN declared_status;
DROP INDEX idx_tokens_file_path;
