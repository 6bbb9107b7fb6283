# flags: --eval --strict
[ { a = 1; } { b = [ 2 ]; } ]
