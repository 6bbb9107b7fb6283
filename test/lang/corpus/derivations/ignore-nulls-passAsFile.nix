(derivation { name = "paf"; system = "x86_64-linux"; builder = "/bin/sh"; passAsFile = [ "big" ]; big = "content"; }).drvPath
