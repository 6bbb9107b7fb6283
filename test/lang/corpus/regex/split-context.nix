builtins.hasContext (builtins.head (builtins.split "x" "${builtins.toFile "f" "x"}"))
