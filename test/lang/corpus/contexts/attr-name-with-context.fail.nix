{ ${builtins.toFile "f" "x"} = 1; }
