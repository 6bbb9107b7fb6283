let f = "a.txt"; in builtins.readFile ./data/${f}
