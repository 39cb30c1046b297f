-- `canary search` looks for words inside TEST and BENCH names, and ranks a
-- feature or requirement named exactly (in any case) first. These indexes let
-- it read only the rows that have such a name, and find the exactly named
-- ones directly, instead of reading the whole table for every search.
CREATE INDEX idx_tokens_test_named ON tokens (test) WHERE test IS NOT NULL;
CREATE INDEX idx_tokens_bench_named ON tokens (bench) WHERE bench IS NOT NULL;
CREATE INDEX idx_tokens_feature_nocase ON tokens (feature COLLATE NOCASE);
CREATE INDEX idx_tokens_req_id_nocase ON tokens (req_id COLLATE NOCASE);
