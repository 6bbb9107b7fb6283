builtins.tryEval (builtins.deepSeq [ (throw "inner") ] 1)
