(derivation { name = "x.drv"; system = "x86_64-linux"; builder = "/bin/sh"; }).drvPath
