let f = builtins.toFile "f" "x"; in f == builtins.unsafeDiscardStringContext f
