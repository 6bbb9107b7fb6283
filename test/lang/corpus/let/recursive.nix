let a = b + 1; b = 2; in a
