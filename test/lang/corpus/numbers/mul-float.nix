with builtins; [ (mul 2 3) (mul 2.5 2) (mul (-3) 3) (mul 0.1 0.1) ]
