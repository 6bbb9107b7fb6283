builtins.hashString "md5" "hello"
