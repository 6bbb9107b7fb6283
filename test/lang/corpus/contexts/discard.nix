builtins.hasContext (builtins.unsafeDiscardStringContext "${builtins.toFile "f" "x"}")
