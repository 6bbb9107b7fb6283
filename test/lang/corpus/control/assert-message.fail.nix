let x = 5; in assert x > 10 && x < 20; x
