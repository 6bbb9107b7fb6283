builtins.attrValues (builtins.readDir ./data)
