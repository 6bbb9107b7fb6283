let d = derivation { name = "o"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "z" "a" "m" ]; }; in [ d.outputName (builtins.attrNames d) ]
