[ (builtins.concatStringsSep "," [ ]) (builtins.concatStringsSep "" [ "a" "b" ]) (builtins.concatStringsSep "," [ "x" ]) ]
