builtins.hashString "sha512" "hello"
