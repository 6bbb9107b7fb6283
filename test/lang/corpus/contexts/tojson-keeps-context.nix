builtins.hasContext (builtins.toJSON [ (builtins.toFile "f" "x") ])
