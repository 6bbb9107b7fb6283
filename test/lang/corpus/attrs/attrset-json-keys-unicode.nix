builtins.attrNames { "é" = 1; "z" = 2; "É" = 3; "a" = 4; }
