DROP INDEX idx_tokens_req_id_nocase;
DROP INDEX idx_tokens_feature_nocase;
DROP INDEX idx_tokens_bench_named;
DROP INDEX idx_tokens_test_named;
