builtins.toJSON "a/b $ < > &"
