(s@{ a ? s }: builtins.attrNames s) { }
