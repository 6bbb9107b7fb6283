builtins.unsafeGetAttrPos "x" { }
