builtins.typeOf 1.0e5
