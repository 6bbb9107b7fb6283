builtins.toJSON { a = 1; b = [ true null "s" ]; c = { }; }
