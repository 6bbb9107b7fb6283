let a = 2; b = 3; in (a * b + 1 > 6) && !(a == b) || false -> [ a ] ++ [ b ] == [ 2 3 ]
