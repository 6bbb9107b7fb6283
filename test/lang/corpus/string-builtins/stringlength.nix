map builtins.stringLength [ "" "a" "hello world" "\n" ]
