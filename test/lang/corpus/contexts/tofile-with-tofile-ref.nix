builtins.getContext (builtins.toFile "outer" "${builtins.toFile "inner" "i"}")
