builtins.unsafeDiscardStringContext "${builtins.toFile "f" "x"}"
