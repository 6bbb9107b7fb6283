builtins.typeOf https://x.y/z
