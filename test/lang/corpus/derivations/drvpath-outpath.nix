let d = derivation { name = "p"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ]; }; in [ d.drvPath d.outPath d.name d.system d.type d.outputName ]
