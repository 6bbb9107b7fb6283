builtins.hashString "md5" "line\n"
