(derivation { name = "env"; system = "x86_64-linux"; builder = "/bin/sh"; i = 42; f = 1.5; t = true; fl = false; n = null; l = [ 1 "two" [ "three" ] null true ]; p = "str"; }).drvPath
