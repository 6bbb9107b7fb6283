let n = 5; in [ (n.x or "default") ]
