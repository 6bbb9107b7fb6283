let f = builtins.toFile "f" "x"; in builtins.attrNames (builtins.getContext "${f}${f}")
