builtins.path { path = ./data/a.txt; name = "renamed"; }
