(derivation { name = "ac"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ 1 true null 2.5 ]; }).drvPath
