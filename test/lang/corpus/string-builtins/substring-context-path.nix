builtins.substring 0 10 "${./data/x.txt}"
