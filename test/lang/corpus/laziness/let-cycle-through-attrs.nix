let a = { x = b.y; y = 1; }; b = { y = a.y + 1; x = a.x; }; in [ a.x b.y ]
