(derivation { name = "eo"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ ]; }).drvPath
