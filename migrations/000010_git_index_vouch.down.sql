DROP TABLE git_index_vouch;
