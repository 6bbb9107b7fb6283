with builtins; [ (bitOr 0 0) (bitOr (-8) 3) (bitAnd 9223372036854775807 (-1)) (bitXor 5 5) ]
