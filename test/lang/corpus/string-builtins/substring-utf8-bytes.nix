builtins.substring 0 1 "é"
