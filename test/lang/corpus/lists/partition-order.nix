builtins.partition (x: x > 5) [ 9 1 8 2 7 3 ]
