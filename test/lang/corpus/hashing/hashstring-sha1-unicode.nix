builtins.hashString "sha1" "☃"
