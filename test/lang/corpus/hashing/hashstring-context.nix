builtins.hasContext (builtins.hashString "sha256" (builtins.toFile "a" "b"))
