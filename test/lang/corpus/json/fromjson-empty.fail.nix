# key: parse error
builtins.fromJSON ""
