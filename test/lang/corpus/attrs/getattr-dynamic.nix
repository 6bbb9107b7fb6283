let k = "b"; in builtins.getAttr k { a = 1; b = 2; }
