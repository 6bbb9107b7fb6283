builtins.genList (i: i * 2) 5
