let a = builtins.toFile "a" "A"; b = builtins.toFile "b" "B"; in builtins.getContext (a + b + a)
