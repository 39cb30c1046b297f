DROP TABLE git_index_vouch;
DROP TABLE tree_shape_files;
