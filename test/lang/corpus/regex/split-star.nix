builtins.split "a*" "baab"
