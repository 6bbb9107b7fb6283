let s = { a.b = null; }; in [ (s ? a.b) (s.a.b or 1) ]
