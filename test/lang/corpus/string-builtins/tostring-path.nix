baseNameOf (toString ./data/x.txt)
