builtins.path { path = ./data/a.txt; recursive = false; }
