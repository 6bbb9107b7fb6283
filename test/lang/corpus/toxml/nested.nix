builtins.toXML [ [ ] { } { x = { y = [ 1 ]; }; } ]
