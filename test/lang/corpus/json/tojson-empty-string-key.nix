builtins.toJSON { "" = 1; }
