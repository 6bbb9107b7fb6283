builtins.readFile (toString ./data/sub + "/c.txt")
