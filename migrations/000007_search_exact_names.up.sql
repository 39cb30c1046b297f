-- `canary search` ranks first the tokens whose feature or requirement id is the
-- word searched for, in any case: these indexes find them without reading the
-- table, so a search's time does not grow with the number of tokens.
CREATE INDEX idx_tokens_feature_nocase ON tokens (feature COLLATE NOCASE);
CREATE INDEX idx_tokens_req_id_nocase ON tokens (req_id COLLATE NOCASE);
