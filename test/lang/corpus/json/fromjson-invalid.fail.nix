# key: parse error
builtins.fromJSON "{ a: 1 }"
