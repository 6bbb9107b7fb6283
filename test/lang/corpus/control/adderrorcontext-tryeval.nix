builtins.tryEval (builtins.addErrorContext "ctx" (throw "t"))
