(derivation { name = "tf"; system = "x86_64-linux"; builder = builtins.toFile "builder.sh" "echo hi > $out"; }).drvPath
