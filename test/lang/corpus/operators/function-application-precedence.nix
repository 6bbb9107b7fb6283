let f = x: y: x - y; in [ (f 5 2) (f 5 2 + 1) (-f 5 2) ]
