(derivation { name = "eo"; system = "x86_64-linux"; builder = "/bin/sh"; s = { outPath = "/x/y"; }; }).drvPath
