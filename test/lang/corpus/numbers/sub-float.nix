[ (builtins.sub 1.5 0.5) (builtins.sub 0 9223372036854775807) (1.0 - 1) ]
