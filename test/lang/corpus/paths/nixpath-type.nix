builtins.typeOf builtins.nixPath
