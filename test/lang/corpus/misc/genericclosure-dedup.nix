builtins.genericClosure { startSet = [ { key = "a"; v = 1; } { key = "a"; v = 2; } ]; operator = x: [ { key = "b"; v = 3; } { key = "a"; v = 4; } ]; }
