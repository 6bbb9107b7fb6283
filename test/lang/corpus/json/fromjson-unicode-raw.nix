builtins.fromJSON "\"日本 ☃\""
