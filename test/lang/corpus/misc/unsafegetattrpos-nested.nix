let p = builtins.unsafeGetAttrPos "c" { a.b = 1;
    c = 2; }; in [ p.line p.column ]
