builtins.stringLength "a\0b"
