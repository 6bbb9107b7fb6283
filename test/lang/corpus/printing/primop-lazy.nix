# flags: --eval
builtins.add
