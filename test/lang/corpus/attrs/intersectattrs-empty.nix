[ (builtins.intersectAttrs { } { a = 1; }) (builtins.intersectAttrs { a = 1; } { }) (builtins.intersectAttrs { a = throw "no"; } { a = 2; }) ]
