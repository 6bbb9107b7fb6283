builtins.match "(x)?(y)?" ""
