let a = { x = a.x; }; in a.x
