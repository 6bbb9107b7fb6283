builtins.replaceStrings [ "ab" "a" ] [ "X" "Y" ] "abac"
