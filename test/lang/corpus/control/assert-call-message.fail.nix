let f = x: x; in assert f false; 1
