builtins.split "(.)" "é"
