builtins.path { path = ./data/sub; }
