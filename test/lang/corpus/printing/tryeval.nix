# flags: --eval --strict
builtins.tryEval (throw "x")
