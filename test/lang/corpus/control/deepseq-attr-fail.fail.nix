builtins.deepSeq { a = { b = throw "deep attr"; }; } 1
