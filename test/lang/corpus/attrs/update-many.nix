builtins.foldl' (a: b: a // b) { } (builtins.genList (i: { "k${toString (builtins.bitAnd i 3)}" = i; }) 10)
