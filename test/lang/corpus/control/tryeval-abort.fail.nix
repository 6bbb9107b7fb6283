builtins.tryEval (abort "aborted")
