let __mul = a: b: "m"; __div = a: b: "d"; in [ (2 * 3) (6 / 3) ]
