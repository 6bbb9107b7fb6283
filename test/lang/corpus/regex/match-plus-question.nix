map (builtins.match "ab+c?") [ "ab" "abbbc" "ac" "abcc" ]
