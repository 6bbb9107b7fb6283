builtins.trace [ 1 2 ] (builtins.trace "two" "v")
