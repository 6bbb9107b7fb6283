# key: parse error
builtins.fromJSON "[1] x"
