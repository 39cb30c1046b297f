-- What the last `canary index` saw of the tree's shape: the change time of the
-- root, of each folder it listed and of each rule file it read. While all are
-- as recorded, a re-index lists the files it fingerprinted without reading any
-- folder.
CREATE TABLE tree_shape (
  kind TEXT NOT NULL CHECK (kind IN ('root', 'folder', 'rule_file')),
  path TEXT NOT NULL,
  ctime_ms REAL NOT NULL,
  PRIMARY KEY (kind, path)
) WITHOUT ROWID;
