builtins.readFile ./data/sub/../a.txt
