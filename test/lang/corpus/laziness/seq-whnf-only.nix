builtins.seq [ (throw "inner") ] 1
