builtins.tryEval (builtins.trace "t" 1)
