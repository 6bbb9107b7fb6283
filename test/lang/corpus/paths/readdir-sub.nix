builtins.readDir ./data/sub
