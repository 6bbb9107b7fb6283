builtins.attrValues { "10" = "ten"; "9" = "nine"; "a" = "A"; "_" = "_"; }
