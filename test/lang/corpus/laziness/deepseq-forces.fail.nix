builtins.deepSeq [ (throw "deep") ] 1
