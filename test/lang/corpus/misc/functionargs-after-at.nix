builtins.functionArgs (a@{ x, y ? 2 }: x)
