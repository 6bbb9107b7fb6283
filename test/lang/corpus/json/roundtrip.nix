let v = { a = [ 1 "two" { three = 3.5; } ]; b = null; }; in builtins.fromJSON (builtins.toJSON v) == v
