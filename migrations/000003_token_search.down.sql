DROP TRIGGER tokens_fts_after_update;
DROP TRIGGER tokens_fts_after_delete;
DROP TRIGGER tokens_fts_after_insert;
DROP TABLE tokens_fts;
