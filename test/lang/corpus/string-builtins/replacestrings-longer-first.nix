builtins.replaceStrings [ "a" "aa" ] [ "1" "2" ] "aaa"
