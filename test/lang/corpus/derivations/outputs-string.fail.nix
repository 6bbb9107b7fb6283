(derivation { name = "os"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = "out"; }).drvPath
