let f = builtins.toFile "a" "A"; in builtins.toFile "b" "see ${f}"
