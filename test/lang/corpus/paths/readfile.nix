builtins.readFile ./data/a.txt + builtins.readFile ./data/b.txt
