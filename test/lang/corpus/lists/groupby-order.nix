builtins.groupBy (x: if builtins.bitAnd x 1 == 0 then "even" else "odd") [ 5 4 3 2 1 ]
