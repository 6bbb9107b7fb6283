builtins.hasContext "${builtins.toFile "f" "x"}"
