DROP INDEX idx_tokens_req_id_nocase;
DROP INDEX idx_tokens_feature_nocase;
