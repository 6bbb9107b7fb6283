builtins.attrNames (derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; extra = 1; })
