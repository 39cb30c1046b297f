-- The git index that vouched, at the end of the last `canary index`, for
-- every file that index found: named by the checksum that ends the index
-- file. While git's index is the same and `git diff-files` names no such file,
-- a re-index whose tree shape holds stats no file. At most one row.
CREATE TABLE git_index_vouch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checksum TEXT NOT NULL
);
