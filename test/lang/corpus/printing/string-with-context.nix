# flags: --eval
builtins.toFile "p" "x"
