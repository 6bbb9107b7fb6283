builtins.typeOf ./data
