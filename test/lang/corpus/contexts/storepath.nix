builtins.hasContext (builtins.storePath (builtins.toFile "f" "x"))
