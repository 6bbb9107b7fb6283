[ (builtins.typeOf (dirOf ./data/a.txt)) (baseNameOf (dirOf ./data/a.txt)) ]
