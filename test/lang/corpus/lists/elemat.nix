builtins.elemAt [ "x" "y" "z" ] 2
