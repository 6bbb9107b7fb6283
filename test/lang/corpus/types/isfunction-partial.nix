[ (builtins.isFunction (builtins.add 1)) (builtins.isFunction builtins.map) (builtins.isFunction { __functor = s: x: x; }) ]
