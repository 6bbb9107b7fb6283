let __lessThan = a: b: true; in [ (2 < 1) (1 > 2) ]
