builtins.split "*(" "x"
