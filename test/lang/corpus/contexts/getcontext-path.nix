builtins.getContext "${./data/f.txt}"
