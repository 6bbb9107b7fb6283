map (x: x) "abc"
