[ (builtins.lessThan 1 1.5) (builtins.lessThan 2.5 2) (1 > 0.5) ]
