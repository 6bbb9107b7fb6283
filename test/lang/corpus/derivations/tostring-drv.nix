toString (derivation { name = "ts"; system = "x86_64-linux"; builder = "/bin/sh"; })
