(derivation { name = "pb"; system = "x86_64-linux"; builder = ./data/f.txt; }).drvPath
