builtins.fromJSON "[1.0, 1e3, 1E-2, -0.5, 2.5e+2, 0.1]"
