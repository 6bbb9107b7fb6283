(derivation { name = "sa"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true; list = [ 1 2 ]; nested = { a = "b"; }; }).drvPath
