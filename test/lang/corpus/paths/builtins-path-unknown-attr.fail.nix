builtins.path { path = ./data/a.txt; bogus = 1; }
