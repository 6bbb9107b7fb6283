map builtins.isAttrs [ { } [ ] "x" null ]
