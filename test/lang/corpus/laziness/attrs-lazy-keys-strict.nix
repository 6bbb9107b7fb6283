builtins.length (builtins.attrNames (builtins.listToAttrs [ { name = "a"; value = throw "no"; } ]))
