builtins.tryEval (throw "oops")
