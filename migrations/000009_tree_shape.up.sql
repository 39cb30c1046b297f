-- What the last `canary index` saw of the tree's shape: the change time of
-- each folder it listed and of each rule file it read, and (the 'root' row)
-- the root and when that walk started. While all are as recorded, a re-index
-- lists the files it fingerprinted without reading any folder. A 'git_index'
-- row names (by checksum) a git index whose entries vouch for every
-- fingerprint.
CREATE TABLE tree_shape (
  kind TEXT NOT NULL CHECK (kind IN ('root', 'folder', 'rule_file', 'git_index')),
  path TEXT NOT NULL,
  ctime_ms REAL NOT NULL,
  PRIMARY KEY (kind, path)
) WITHOUT ROWID;
