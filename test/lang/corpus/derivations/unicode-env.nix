(derivation { name = "u"; system = "x86_64-linux"; builder = "/bin/sh"; msg = "é ☃\n\t\"quoted\"\\"; }).drvPath
