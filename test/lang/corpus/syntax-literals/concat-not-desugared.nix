let __concat = a: b: [ ]; in [ 1 ] ++ [ 2 ]
