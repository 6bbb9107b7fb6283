(builtins.getAttr "x" { x = { y = 5; }; }).y
