let f = x: assert builtins.isString x; x; in f 1
