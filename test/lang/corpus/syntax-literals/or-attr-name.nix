let s = { or = 1; a.or = 2; }; in [ s.or s.a.or ]
