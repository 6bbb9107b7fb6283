# toFile of a string holding a byte that is not UTF-8 (half of a split character): the store gets the raw byte
builtins.toFile "y" (builtins.substring 0 1 "é")
