builtins.match "[a" "x"
