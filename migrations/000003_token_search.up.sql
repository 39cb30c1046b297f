-- Full-text search over tokens. The trigram tokenizer matches any substring of
-- three or more characters, so `migr` finds `DatabaseMigrations`; triggers keep
-- the external-content index in step with `tokens`.
CREATE VIRTUAL TABLE tokens_fts USING fts5 (
  req_id,
  feature,
  keywords,
  owner,
  aspect,
  file_path,
  content = 'tokens',
  content_rowid = 'id',
  tokenize = 'trigram case_sensitive 0 remove_diacritics 1'
);

INSERT INTO tokens_fts (rowid, req_id, feature, keywords, owner, aspect, file_path)
SELECT id, req_id, feature, keywords, owner, aspect, file_path FROM tokens;

CREATE TRIGGER tokens_fts_after_insert AFTER INSERT ON tokens BEGIN
  INSERT INTO tokens_fts (rowid, req_id, feature, keywords, owner, aspect, file_path)
  VALUES (new.id, new.req_id, new.feature, new.keywords, new.owner, new.aspect, new.file_path);
END;

CREATE TRIGGER tokens_fts_after_delete AFTER DELETE ON tokens BEGIN
  INSERT INTO tokens_fts (tokens_fts, rowid, req_id, feature, keywords, owner, aspect, file_path)
  VALUES ('delete', old.id, old.req_id, old.feature, old.keywords, old.owner, old.aspect, old.file_path);
END;

CREATE TRIGGER tokens_fts_after_update
AFTER UPDATE OF req_id, feature, keywords, owner, aspect, file_path ON tokens BEGIN
  INSERT INTO tokens_fts (tokens_fts, rowid, req_id, feature, keywords, owner, aspect, file_path)
  VALUES ('delete', old.id, old.req_id, old.feature, old.keywords, old.owner, old.aspect, old.file_path);
  INSERT INTO tokens_fts (rowid, req_id, feature, keywords, owner, aspect, file_path)
  VALUES (new.id, new.req_id, new.feature, new.keywords, new.owner, new.aspect, new.file_path);
END;
