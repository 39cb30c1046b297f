-- How many files the last `canary index` fingerprinted when it kept the
-- tree's shape: a re-index trusts the shape only while the count is the same,
-- so fingerprints deleted by another tool send it walking. At most one row.
CREATE TABLE tree_shape_files (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  files INTEGER NOT NULL
);

-- The git index that vouched, at the end of the last `canary index`, for the
-- files that index found: named by the checksum that ends the index file,
-- with the files it could not vouch for (a JSON array of paths; null when it
-- vouched for none). While git's index is the same, `git diff-files` names
-- none of the others and those are as fingerprinted, a re-index whose tree
-- shape holds reads nothing. At most one row.
CREATE TABLE git_index_vouch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checksum TEXT NOT NULL,
  unvouched_json TEXT NOT NULL
);
