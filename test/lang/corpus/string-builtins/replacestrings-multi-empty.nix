builtins.replaceStrings [ "" "a" ] [ "_" "A" ] "ab"
