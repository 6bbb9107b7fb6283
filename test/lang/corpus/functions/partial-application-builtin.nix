let add3 = builtins.add 3; in map add3 [ 1 2 3 ]
