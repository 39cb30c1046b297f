DROP TABLE tree_shape;
