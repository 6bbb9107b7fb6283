let a-b = 1; a_b' = 2; _x = 3; x'' = 4; A1 = 5; in [ a-b a_b' _x x'' A1 ]
