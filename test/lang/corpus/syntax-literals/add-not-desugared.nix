let __add = a: b: 0; in 1 + 2
