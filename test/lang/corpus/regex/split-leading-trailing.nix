builtins.split "-" "-a-"
