builtins.fromJSON "[-0, -0.0]"
