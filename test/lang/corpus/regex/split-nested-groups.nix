builtins.split "((x)y)" "axyb"
