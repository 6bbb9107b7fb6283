let f = x: x; in builtins.length [ (f 1) f 1 ]
