builtins.foldl' (acc: x: x) 0 [ (throw "forced by foldl'") 1 ]
