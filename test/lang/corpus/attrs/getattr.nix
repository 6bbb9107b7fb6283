builtins.getAttr "x" { x = 42; }
