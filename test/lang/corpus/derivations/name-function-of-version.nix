(derivation { name = "pkg-${toString 1}.${toString 2}"; system = "x86_64-linux"; builder = "/bin/sh"; }).name
