map (a: builtins.hashString a "") [ "md5" "sha1" "sha256" "sha512" ]
