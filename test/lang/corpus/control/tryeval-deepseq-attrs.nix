builtins.tryEval (builtins.deepSeq { x = throw "t"; } 1)
