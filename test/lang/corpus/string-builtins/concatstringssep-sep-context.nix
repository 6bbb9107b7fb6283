builtins.hasContext (builtins.concatStringsSep (builtins.toFile "s" "s") [ "a" "b" ])
