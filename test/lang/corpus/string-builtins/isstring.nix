map builtins.isString [ "" "a" 1 ./data null ]
