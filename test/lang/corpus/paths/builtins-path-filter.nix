builtins.path { path = ./data; name = "filtered"; filter = p: t: t != "symlink" && baseNameOf p != "b.txt"; }
