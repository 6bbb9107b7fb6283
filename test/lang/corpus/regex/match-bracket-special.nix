builtins.match "[]a-]+" "a]-a"
