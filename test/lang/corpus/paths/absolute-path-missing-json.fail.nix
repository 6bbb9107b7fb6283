/abs/path/missing
