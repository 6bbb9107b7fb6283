builtins.trace { a = 1; } 7
