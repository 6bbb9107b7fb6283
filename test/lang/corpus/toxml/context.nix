builtins.hasContext (builtins.toXML (builtins.toFile "f" "c"))
