(args@{ ... }: builtins.attrNames args) { p = 1; q = 2; }
