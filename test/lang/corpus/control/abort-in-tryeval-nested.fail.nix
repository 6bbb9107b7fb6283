builtins.tryEval (builtins.tryEval (abort "hard"))
