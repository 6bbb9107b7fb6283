(derivation { name = "l"; system = "x86_64-linux"; builder = "/bin/sh"; unused = 1; }).unused
