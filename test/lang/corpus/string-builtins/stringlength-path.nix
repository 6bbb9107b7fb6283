builtins.stringLength (baseNameOf ./data/x.txt)
