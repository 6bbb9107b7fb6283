let p = builtins.unsafeDiscardStringContext (builtins.toFile "f" "x"); in builtins.getContext (builtins.appendContext p { ${p} = { path = true; }; })
