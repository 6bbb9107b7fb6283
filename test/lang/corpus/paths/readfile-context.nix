builtins.hasContext (builtins.readFile ./data/a.txt)
