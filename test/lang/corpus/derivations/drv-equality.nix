let mk = x: derivation { name = "e"; system = "x86_64-linux"; builder = "/bin/sh"; inherit x; }; in [ (mk 1 == mk 1) (mk 1 == mk 2) ]
