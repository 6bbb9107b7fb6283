builtins.concatStringsSep "-" [ "a" ./data/x.txt ]
