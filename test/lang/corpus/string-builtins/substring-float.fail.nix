builtins.substring 0.5 1 "abc"
