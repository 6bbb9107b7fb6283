with builtins; [ (add 1 2) (sub 10 4) (mul 3 4) (div 9 2) (add 1.5 1) (div 1 2.0) ]
