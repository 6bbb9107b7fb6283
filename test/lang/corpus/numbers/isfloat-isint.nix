with builtins; [ (isFloat 1.0) (isFloat 1) (isInt 1) (isInt 1.0) (isFloat (1 / 2)) (isFloat (1 / 2.0)) ]
