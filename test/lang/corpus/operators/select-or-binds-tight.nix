let s = { }; in [ (s.a or 1 + 1) ]
