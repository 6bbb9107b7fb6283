let s = { a = { b = 1; }; }; in [ (s.a.b or 0) (s.x or 0) (s.a.c or "d") (s.a.b.c or "deep") ]
