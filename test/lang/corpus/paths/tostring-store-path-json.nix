builtins.toJSON ./data/a.txt
