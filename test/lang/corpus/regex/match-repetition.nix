map (builtins.match "a{2,3}") [ "a" "aa" "aaa" "aaaa" ]
