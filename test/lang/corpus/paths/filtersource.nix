builtins.filterSource (p: t: t == "directory" || baseNameOf p == "c.txt") ./data
